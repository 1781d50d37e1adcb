import type { FileCheck } from '../validators';
import type { Tree } from '../lib/tree';

/** What a whole-tree check is told about the tree it reads. */
export interface TreeCheckContext {
  /** The tree, written to disk (for command-line tools that read files). */
  workDir: string;
  /** `<template>/<fixture>` or `composition/<order>`, for messages. */
  label?: string;
}

/**
 * A check that reads a whole rendered project the way a real tool would (the provider schema,
 * GCP's naming rules, MLflow's job launcher, pytest...), where one file alone says too little.
 * It returns report rows; a check that does not apply to a tree returns no rows.
 */
export interface TreeCheck {
  /** Short name, shown in the report's validator column. */
  name: string;
  run(tree: Tree, ctx: TreeCheckContext): Promise<FileCheck[]>;
}
