/**
 * The template check kit: `yarn templates:check [dir]`.
 *
 * @packageDocumentation
 */
export {
  runTemplateCheck,
  renderTemplate,
  orderGenerators,
  isFailure,
} from './check';
export type { CheckOptions, CheckReport, ReportRow } from './check';
export { formatReport, formatTable } from './report';
export { main } from './cli';
export { checkFile, checkTree, findTemplateLeftovers } from './validators';
export { treeChecks } from './treeChecks';
export type { TreeCheck, TreeCheckContext } from './treeChecks';
export type { FileCheck, CheckStatus } from './validators';
