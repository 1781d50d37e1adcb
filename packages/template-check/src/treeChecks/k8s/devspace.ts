import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import type { Tree } from '../../lib/tree';
import type { HelmChartRef } from './known';

/** A devspace v6 deployment, as far as the Kubernetes rules read it. */
export interface DevspaceDeployment {
  name: string;
  namespace?: string;
  kubectl?: {
    manifests?: string[];
    kustomize?: boolean;
    applyArgs?: string[];
  };
  helm?: {
    releaseName?: string;
    chart?: HelmChartRef;
    upgradeArgs?: string[];
  };
}

export interface DevspaceConfig {
  deployments: DevspaceDeployment[];
  /** The `deploy` pipeline's script (what `devspace deploy` runs), if any. */
  deployScript?: string;
}

/** The rendered devspace.yaml of a tree, or undefined when the tree has none. */
export function readDevspace(tree: Tree): DevspaceConfig | undefined {
  const raw = tree.get('devspace.yaml');
  if (!raw) return undefined;
  const doc = YAML.parse(raw.toString('utf8')) ?? {};
  const deployments = Object.entries<Record<string, any>>(
    doc.deployments ?? {},
  ).map(([name, d]) => ({ name, ...(d ?? {}) } as DevspaceDeployment));
  const deploy = doc.pipelines?.deploy;
  let deployScript: string | undefined;
  if (typeof deploy === 'string') deployScript = deploy;
  else if (typeof deploy?.run === 'string') deployScript = deploy.run;
  return { deployments, deployScript };
}

/** One thing the deploy pipeline did, in order. */
export type PipelineEvent =
  | { kind: 'create_deployments'; args: string[] }
  | { kind: 'kubectl'; args: string[] };

/**
 * Stand-in for devspace's pipeline functions (devspace-sh/devspace docs/pages/configuration/
 * pipelines and functions: `get_flag`, `is_empty`, `is_equal`, `create_deployments`,
 * `build_images`, `start_dev`): pipelines are POSIX shell scripts in which these are commands.
 * Each records its call; `kubectl` is recorded and succeeds without a cluster.
 */
const PRELUDE = `
mx_log() { printf '%s' "$1" >> "$MX_PIPELINE_LOG"; shift; for a in "$@"; do printf '\\t%s' "$a" >> "$MX_PIPELINE_LOG"; done; printf '\\n' >> "$MX_PIPELINE_LOG"; }
get_flag() { if [ "$1" = deployments ]; then printf '%s' "$MX_FLAG_DEPLOYMENTS"; fi; }
is_empty() { [ -z "$1" ]; }
is_equal() { [ "$1" = "$2" ]; }
create_deployments() { mx_log create_deployments "$@"; }
build_images() { mx_log build_images "$@"; }
start_dev() { mx_log start_dev "$@"; }
run_default_pipeline() { mx_log run_default_pipeline "$@"; }
kubectl() { mx_log kubectl "$@"; }
set -e
`;

const replayCache = new Map<string, Promise<PipelineEvent[]>>();

/**
 * Runs the deploy pipeline script with `sh` and the stand-in functions, as `devspace deploy`
 * (with `--deployments` when `selected` is given) would, and returns what it did in order.
 */
export function replayDeployPipeline(
  script: string,
  selected: string[] = [],
): Promise<PipelineEvent[]> {
  const key = `${selected.join(',')}\n${script}`;
  let cached = replayCache.get(key);
  if (!cached) {
    cached = runPipeline(script, selected);
    replayCache.set(key, cached);
    if (replayCache.size > 64)
      replayCache.delete(replayCache.keys().next().value!);
  }
  return cached;
}

async function runPipeline(
  script: string,
  selected: string[],
): Promise<PipelineEvent[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-devspace-'));
  try {
    const log = path.join(dir, 'events');
    await fs.writeFile(log, '');
    await fs.writeFile(
      path.join(dir, 'pipeline.sh'),
      `${PRELUDE}\n${script}\n`,
    );
    await new Promise<void>((resolve, reject) =>
      execFile(
        'sh',
        [path.join(dir, 'pipeline.sh')],
        {
          cwd: dir,
          timeout: 10_000,
          env: {
            PATH: process.env.PATH,
            MX_PIPELINE_LOG: log,
            MX_FLAG_DEPLOYMENTS: selected.join(','),
          },
        },
        (err, _stdout, stderr) =>
          err
            ? reject(
                new Error(
                  `the deploy pipeline failed in the devspace stand-in: ${
                    stderr.trim() || err.message
                  }`,
                ),
              )
            : resolve(),
      ),
    );
    const text = await fs.readFile(log, 'utf8');
    return text
      .split('\n')
      .filter(Boolean)
      .flatMap((line): PipelineEvent[] => {
        const [kind, ...args] = line.split('\t');
        if (kind === 'create_deployments' || kind === 'kubectl')
          return [{ kind, args }];
        return [];
      });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * The value a boolean flag ends with in a kubectl/helm argument list (pflag: the last
 * occurrence wins; `--x` is true, `--x=false` false), or undefined when absent.
 */
export function boolFlag(args: string[], flag: string): boolean | undefined {
  let value: boolean | undefined;
  for (const a of args) {
    if (a === flag) value = true;
    else if (a.startsWith(`${flag}=`))
      value = a.slice(flag.length + 1) !== 'false';
  }
  return value;
}

/** The value of a `--flag value` / `--flag=value` / `-f value` option (last wins). */
export function stringFlag(
  args: string[],
  ...names: string[]
): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    for (const n of names) {
      if (args[i] === n && i + 1 < args.length) value = args[i + 1];
      else if (args[i].startsWith(`${n}=`)) value = args[i].slice(n.length + 1);
    }
  }
  return value;
}
