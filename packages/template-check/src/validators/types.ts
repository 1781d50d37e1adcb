import type { TreeCheck } from '../treeChecks/types';
import { SchemaStore } from './schemas';

export type CheckStatus = 'pass' | 'fail' | 'no validator' | 'n/a';

/** One row of the report. */
export interface FileCheck {
  file: string;
  validator: string;
  status: CheckStatus;
  message?: string;
}

export interface TreeCheckOptions {
  schemas: SchemaStore;
  /** A scratch folder: the tree is written there for the command-line tools. */
  workDir: string;
  /**
   * .tf/.tfvars files `terraform fmt -check` found unformatted (one run over the whole tree);
   * without it each file is formatted on its own.
   */
  terraformUnformatted?: Set<string>;
  /** py_compile results of the tree's .py files (one python3 run per tree) */
  pythonCompiled?: Map<string, string | null>;
  /** Whole-tree checks to run (default: every check in `treeChecks/`). */
  treeChecks?: TreeCheck[];
  /** `<template>/<fixture>`, for the whole-tree checks' messages. */
  label?: string;
}

/** Where mx:files:reconcile keeps the base copies of managed files (for three-way merges). */
export const BASE_COPY_DIR = '.mx/base/';

export type Outcome = {
  validator: string;
  errors: string[];
  status?: CheckStatus;
};
