/**
 * The per-file validators: each rendered file is checked with the parser or schema of the tool
 * that reads it (`checkFile`), and a whole tree with every file plus the whole-tree checks
 * (`checkTree`). One module per validator.
 */
export type { CheckStatus, FileCheck, TreeCheckOptions } from './types';
export { BASE_COPY_DIR } from './types';
export { findTemplateLeftovers } from './leftovers';
export { checkFile } from './checkFile';
export { checkTree } from './checkTree';
