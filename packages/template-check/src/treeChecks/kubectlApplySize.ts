import type { TreeCheck } from './types';
import { resultRow } from './treeFiles';
import {
  boolFlag,
  readDevspace,
  replayDeployPipeline,
  stringFlag,
} from './k8s/devspace';
import {
  ANNOTATION_LIMIT,
  ManifestSet,
  deploymentManifests,
  describeObject,
  kubectlManifests,
  lastAppliedAnnotationBytes,
} from './k8s/manifests';

const NAME = 'kubectl apply size';
const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * What kubectl does with its flags (k8s.io/kubectl/pkg/cmd/apply/apply.go, Validate): it
 * refuses `--force` with `--server-side` (kubernetes#92834) and `--force-conflicts` without it.
 */
export function kubectlApplyMode(args: string[]): {
  serverSide: boolean;
  refused?: string;
} {
  const serverSide = boolFlag(args, '--server-side') ?? false;
  if (serverSide && boolFlag(args, '--force'))
    return {
      serverSide,
      refused:
        'kubectl refuses it: "--force cannot be used with --server-side"',
    };
  if (!serverSide && boolFlag(args, '--force-conflicts'))
    return {
      serverSide,
      refused:
        'kubectl refuses it: "--force-conflicts only works with --server-side"',
    };
  return { serverSide };
}

interface Oversized {
  what: string;
  bytes: number;
}

/** Objects (or remote resources) over the limit, and remote resources nobody measured. */
function measure(
  set: ManifestSet,
  namespace: string | undefined,
): { over: Oversized[]; unknown: string[] } {
  const over: Oversized[] = [];
  const unknown: string[] = [];
  for (const { file, obj } of set.local) {
    const bytes = lastAppliedAnnotationBytes(obj, namespace);
    if (bytes > ANNOTATION_LIMIT)
      over.push({ what: `${describeObject(obj)} (${file})`, bytes });
  }
  for (const r of set.remote) {
    if (!r.known) {
      unknown.push(`${r.ref} (${r.file})`);
      continue;
    }
    const bytes =
      r.known.lastAppliedBytes +
      r.addedBytes +
      (namespace ? Buffer.byteLength(`,"namespace":"${namespace}"`) : 0);
    if (bytes > ANNOTATION_LIMIT)
      over.push({ what: `${r.known.largestObject} (${r.ref})`, bytes });
  }
  return { over, unknown };
}

/** What is wrong with one `kubectl apply` of a set of manifests (nothing: an empty list). */
function applyProblems(
  subject: string,
  set: ManifestSet,
  namespace: string | undefined,
  args: string[],
  fix: string,
): string[] {
  const mode = kubectlApplyMode(args);
  const problems: string[] = [];
  if (mode.refused)
    problems.push(
      `${subject} runs \`kubectl ${args.join(' ')}\`: ${mode.refused}`,
    );
  const { over, unknown } = measure(set, namespace);
  for (const u of unknown)
    problems.push(
      `${subject} applies the remote manifest ${u}, whose size the kit does not know: measure its largest object (kubectl kustomize <url>) and add it to KNOWN_REMOTE_MANIFESTS in packages/template-check/src/treeChecks/k8s/known.ts`,
    );
  if (!mode.serverSide)
    for (const o of over)
      problems.push(
        `${subject} applies ${
          o.what
        } client-side: its annotations would take ${fmt(
          o.bytes,
        )} bytes with kubectl's last-applied-configuration, over the API server's ${fmt(
          ANNOTATION_LIMIT,
        )}-byte limit ("metadata.annotations: Too long"), so the install fails. ${fix}`,
      );
  return problems;
}

/**
 * Manifests whose objects are too large for client-side `kubectl apply` are applied
 * server-side: every kubectl deployment of devspace.yaml (the arguments devspace passes:
 * `apply --force -f - <applyArgs>`) and every `kubectl apply` its deploy pipeline runs.
 */
export const kubectlApplySize: TreeCheck = {
  name: NAME,
  async run(tree) {
    const config = readDevspace(tree);
    if (!config) return [];
    const problems: string[] = [];
    let applies = 0;
    for (const d of config.deployments) {
      if (!d.kubectl) continue;
      // devspace-sh/devspace pkg/devspace/deploy/deployer/kubectl/kubectl.go: applyManifest
      const args = [
        'apply',
        '--force',
        '-f',
        '-',
        ...(d.kubectl.applyArgs ?? []),
      ];
      applies++;
      problems.push(
        ...applyProblems(
          `deployment ${d.name}`,
          kubectlManifests(tree, d),
          d.namespace,
          args,
          'Apply it server-side: kubectl.applyArgs: ["--force=false", "--server-side", "--force-conflicts"] (devspace always passes --force, which kubectl refuses with --server-side).',
        ),
      );
    }
    if (config.deployScript) {
      const events = await replayDeployPipeline(config.deployScript);
      for (const e of events) {
        if (e.kind !== 'kubectl' || !e.args.includes('apply')) continue;
        const file = stringFlag(e.args, '-f', '--filename');
        const dir = stringFlag(e.args, '-k', '--kustomize');
        const target = dir ?? file;
        if (!target || target === '-') continue;
        applies++;
        problems.push(
          ...applyProblems(
            'the deploy pipeline',
            deploymentManifests(tree, [target], dir !== undefined),
            stringFlag(e.args, '-n', '--namespace'),
            e.args,
            'Add --server-side to that kubectl apply.',
          ),
        );
      }
    }
    if (applies === 0) return [];
    return [resultRow('devspace.yaml', NAME, problems)];
  },
};
