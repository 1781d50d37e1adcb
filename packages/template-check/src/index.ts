/**
 * The template check kit: `yarn templates:check [dir]`.
 *
 * @packageDocumentation
 */
export { runTemplateCheck } from './check';
export { renderTemplate } from './render/renderTemplate';
export { orderGenerators } from './checks/composition';
export { isFailure } from './checks/types';
export type { CheckOptions, CheckReport, ReportRow } from './checks/types';
export { formatReport, formatTable } from './report';
export { main } from './cli';
export { checkFile, checkTree, findTemplateLeftovers } from './validators';
export { treeChecks } from './treeChecks';
export type { TreeCheck, TreeCheckContext } from './treeChecks';
export type { FileCheck, CheckStatus } from './validators';
