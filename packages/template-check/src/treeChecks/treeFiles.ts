import YAML from 'yaml';
import type { Tree } from '../lib/tree';
import type { FileCheck } from '../validators';

/** mx's own folder (`.mx/`: the project state and mx:files:reconcile's base copies). */
const MX_DIR = '.mx/';

/** The project's files whose path matches `pattern` (not mx's own `.mx/`), with their text. */
export function projectFiles(
  tree: Tree,
  pattern: RegExp,
): Array<[file: string, text: string]> {
  return [...tree]
    .filter(([file]) => pattern.test(file) && !file.startsWith(MX_DIR))
    .map(([file, content]) => [file, content.toString('utf8')]);
}

export const YAML_FILE = /\.ya?ml$/;

/**
 * Every document of a YAML text that parses, as plain values (a document with a syntax error
 * is left out: the kit's per-file YAML check reports it).
 */
export function yamlDocuments(text: string): unknown[] {
  try {
    return YAML.parseAllDocuments(text)
      .filter(doc => doc.errors.length === 0)
      .map(doc => doc.toJS());
  } catch {
    return [];
  }
}

/** A check's row for one file: 'fail' with its problems (one a line), 'pass' when none. */
export function resultRow(
  file: string,
  validator: string,
  problems: string[],
): FileCheck {
  return problems.length
    ? { file, validator, status: 'fail', message: problems.join('\n') }
    : { file, validator, status: 'pass' };
}
