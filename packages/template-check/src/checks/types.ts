import { Tree } from '../lib/tree';
import { CheckStatus } from '../validators';

/** One row of the kit's table. */
export interface ReportRow {
  template: string;
  fixture: string;
  file: string;
  validator: string;
  status: CheckStatus;
  message?: string;
  /** A unified diff (golden mismatch, composition, idempotence) */
  diff?: string;
}

export interface CheckOptions {
  /** Template folders, or folders of templates (default: `<repo>/templates`) */
  targets?: string[];
  /** Where `fromTemplate` seeds are looked up (default: `<repo>/templates`) */
  templatesDir?: string;
  /** Write the goldens instead of comparing them */
  update?: boolean;
  /**
   * Run the composition check. Default: when checking the whole templates folder, or when a
   * target is a grow generator.
   */
  compose?: boolean;
  schemaDir?: string;
  /** Progress lines */
  log?: (line: string) => void;
}

export interface CheckReport {
  rows: ReportRow[];
  failures: ReportRow[];
  durationMs: number;
}

export function isFailure(row: ReportRow): boolean {
  return row.status === 'fail' || row.status === 'no validator';
}

export interface RenderResult {
  tree: Tree;
  error?: string;
}
