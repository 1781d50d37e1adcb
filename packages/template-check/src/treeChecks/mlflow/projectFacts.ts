import { parse as parseToml } from 'smol-toml';
import YAML from 'yaml';
import type { Tree } from '../../lib/tree';

// What the `make train` replay reads from a rendered project (pure functions of its files).

/** Overrides that keep a trainer run to one small step, added when the config has the key. */
const TINY_RUN: Record<string, number> = {
  'trainer.epochs': 1,
  'trainer.max_steps': 1,
  'data.n_samples': 64,
  'trainer.batch_size': 64,
};

/** `make train` lines of the README (the documented ways to start a training run). */
export function readmeTrainCommands(readme: string | undefined): string[] {
  if (!readme) return [];
  const lines = readme
    .split('\n')
    .map(l => l.trim().replace(/\s+#.*$/, ''))
    .filter(l => /^make train\s+\S/.test(l));
  return [...new Set(lines)];
}

/** Images a Cloud Build config pushes (`docker push`, `--all-tags`, `images:`). */
export function cloudBuildPushedImages(text: string | undefined): string[] {
  if (!text) return [];
  let doc: any;
  try {
    doc = YAML.parse(text);
  } catch {
    return [];
  }
  const built: string[] = [];
  const pushed: string[] = [];
  for (const step of doc?.steps ?? []) {
    const args: string[] = (step?.args ?? []).map(String);
    if (!String(step?.name ?? '').includes('docker')) continue;
    if (args[0] === 'build') {
      args.forEach((a, i) => {
        if ((a === '-t' || a === '--tag') && args[i + 1])
          built.push(args[i + 1]);
      });
    } else if (args[0] === 'push') {
      if (args[1] === '--all-tags' || args[1] === '-a') {
        pushed.push(...built.filter(b => b.split(':')[0] === args[2]));
      } else if (args[args.length - 1]) pushed.push(args[args.length - 1]);
    }
  }
  pushed.push(...((doc?.images as string[]) ?? []));
  return [...new Set(pushed)];
}

/** The dependency lists of pyproject.toml that install `mlflow` lack `kubernetes`? */
export function missingKubernetesClient(
  pyproject: string | undefined,
): string | undefined {
  if (!pyproject) return 'the project has no pyproject.toml';
  const doc = parseToml(pyproject) as any;
  const name = (req: string) =>
    req
      .trim()
      .split(/[\s<>=!~;[(]/)[0]
      .toLowerCase()
      .replace(/[-_.]+/g, '-');
  const lists: [string, string[]][] = [
    ['[project].dependencies', doc.project?.dependencies ?? []],
    ...Object.entries<string[]>(
      doc.project?.['optional-dependencies'] ?? {},
    ).map(([k, v]) => [`[project.optional-dependencies].${k}`, v] as any),
  ];
  const withMlflow = lists.filter(([, deps]) =>
    deps.some(d => name(d) === 'mlflow'),
  );
  if (withMlflow.length === 0)
    return 'no dependency list of pyproject.toml installs mlflow, which `make train` runs';
  if (withMlflow.some(([, deps]) => deps.some(d => name(d) === 'kubernetes')))
    return undefined;
  return (
    `${withMlflow
      .map(([k]) => k)
      .join(' and ')} install mlflow but not the \`kubernetes\` ` +
    'client: `mlflow run --backend kubernetes` imports it (mlflow/projects/kubernetes.py) and ' +
    'MLflow does not depend on it. Add "kubernetes" next to "mlflow".'
  );
}

/** Kubernetes: for repeated env names the last entry wins. */
export function effectiveEnv(
  env: { name: string; value?: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of env) out[e.name] = e.value ?? '';
  return out;
}

export function isLocalUri(uri: string | undefined): boolean {
  // the client's port-forward, or a file store on the machine that ran `mlflow run`
  return !!uri && /^(file:|(https?:\/\/)?(localhost|127\.|\[::1\]))/.test(uri);
}

export function tinyOverrides(tree: Tree): string[] {
  const text = tree.get('conf/config.yaml')?.toString('utf8');
  if (!text) return [];
  const cfg = YAML.parse(text) ?? {};
  return Object.entries(TINY_RUN)
    .filter(([key]) => {
      const [section, leaf] = key.split('.');
      return cfg?.[section] && leaf in cfg[section];
    })
    .map(([key, value]) => `${key}=${value}`);
}
