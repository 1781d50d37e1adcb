/*
 * Test fixtures (not exported from the package) for the grow actions: a project's state, its
 * catalog entity, and reading a mock action context's outputs.
 */
import { Entity } from '@backstage/catalog-model';
import { mergeState, serializeState } from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PROJECT } from './project';

export { PROJECT, outputsOf } from './project';
export { captureLogger } from './index';

/** The `.mx/state.yaml` text the ml-project generator writes for PROJECT. */
export function projectStateText(): string {
  return serializeState(
    mergeState(undefined, {
      generator: { id: 'ml-project', version: '1.0.0' },
      project: PROJECT,
      deployments: { 'training-infrastructure': {}, 'cuda-drivers': {} },
      initiator: 'user:default/ada',
      now: new Date('2026-11-28T10:00:00.000Z'),
    }).state,
  );
}

/** A project's catalog entity, with the annotations its registration gives it. */
export function projectEntity(
  annotations: Record<string, string>,
  overrides: { type?: string; kind?: string; name?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: overrides.kind ?? 'Component',
    metadata: {
      name: overrides.name ?? PROJECT.name,
      namespace: 'default',
      annotations,
    },
    spec: {
      type: overrides.type ?? 'ml-project',
      lifecycle: 'experimental',
      owner: PROJECT.owner,
    },
  };
}

/** Every file below `dir` (relative, forward slashes, sorted); `.git` is skipped. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    for (const e of await fs.readdir(path.join(dir, rel), {
      withFileTypes: true,
    })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== '.git') await walk(p);
      } else out.push(p);
    }
  };
  await walk('');
  return out.sort();
}
