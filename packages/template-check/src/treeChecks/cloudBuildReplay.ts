import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import type { TreeCheck } from './types';
import { resultRow } from './treeFiles';

const NAME = 'Cloud Build replay';
const FILE = 'cloudbuild.yaml';

/** A build as Cloud Build starts it: its default substitutions and its clock. */
export interface ReplayBuild {
  kind: string;
  substitutions: Record<string, string>;
  /** Seconds since the epoch the build runs at (what `date` says in its steps). */
  epoch: number;
}

const PROJECT = {
  PROJECT_ID: 'replay-project',
  PROJECT_NUMBER: '123456789012',
  LOCATION: 'us-central1',
  SERVICE_ACCOUNT_EMAIL: '123456789012-compute@developer.gserviceaccount.com',
  SERVICE_ACCOUNT:
    'projects/replay-project/serviceAccounts/123456789012-compute@developer.gserviceaccount.com',
};

/** Set only on builds a trigger starts (empty on other builds). */
const TRIGGER_ONLY = [
  'TRIGGER_NAME',
  'COMMIT_SHA',
  'REVISION_ID',
  'SHORT_SHA',
  'REPO_NAME',
  'REPO_FULL_NAME',
  'BRANCH_NAME',
  'TAG_NAME',
  'REF_NAME',
  'TRIGGER_BUILD_CONFIG_PATH',
];

/**
 * The two builds the replay runs, with the default substitutions Cloud Build gives them
 * (cloud.google.com/build/docs/configuring-builds/substitute-variable-values): PROJECT_ID,
 * BUILD_ID, PROJECT_NUMBER and LOCATION on every build; the trigger's, the commit's and the
 * branch's only on builds a trigger starts — on a build started by hand (`gcloud builds
 * submit`) "occurrences of the missing variable are replaced with an empty string".
 */
export const REPLAY_BUILDS: ReplayBuild[] = [
  {
    kind: 'trigger build (push to main)',
    epoch: 1_764_547_200,
    substitutions: {
      ...PROJECT,
      BUILD_ID: '3f1c2a9e-7b4d-4e21-9a55-0c6f8d2b1e74',
      TRIGGER_NAME: 'replay-trigger',
      COMMIT_SHA: '9fceb02d0ae598e95dc970b74767f19372d61af8',
      REVISION_ID: '9fceb02d0ae598e95dc970b74767f19372d61af8',
      SHORT_SHA: '9fceb02',
      REPO_NAME: 'replay-repo',
      REPO_FULL_NAME: 'replay-owner/replay-repo',
      BRANCH_NAME: 'main',
      TAG_NAME: '',
      REF_NAME: 'main',
      TRIGGER_BUILD_CONFIG_PATH: 'cloudbuild.yaml',
    },
  },
  {
    kind: 'manual build (gcloud builds submit)',
    epoch: 1_764_547_200 + 600,
    substitutions: {
      ...PROJECT,
      BUILD_ID: 'b84e6d10-2c3f-4a7e-8d91-5e0a7c4f3b26',
      ...Object.fromEntries(TRIGGER_ONLY.map(k => [k, ''])),
    },
  },
];

/**
 * Cloud Build's substitution of one string: `$$` is a literal `$`; `$NAME` / `${NAME}` is
 * replaced when NAME is a default substitution or one of the config's `_USER` substitutions,
 * and an unknown name fails the build. Only upper-case names are read as substitutions (a
 * lower-case `$name` is left to the step's shell).
 */
export function substitute(
  text: string,
  values: Record<string, string>,
): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const out = text.replace(
    /\$\$|\$\{([A-Z_][A-Z0-9_]*)\}|\$([A-Z_][A-Z0-9_]*)/g,
    (m, braced, bare) => {
      if (m === '$$') return '$';
      const name = braced ?? bare;
      if (name in values) return values[name];
      unknown.push(name);
      return m;
    },
  );
  return { text: out, unknown };
}

function substituteDeep(
  value: unknown,
  values: Record<string, string>,
  unknown: string[],
): unknown {
  if (typeof value === 'string') {
    const r = substitute(value, values);
    unknown.push(...r.unknown);
    return r.text;
  }
  if (Array.isArray(value))
    return value.map(v => substituteDeep(v, values, unknown));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        substituteDeep(v, values, unknown),
      ]),
    );
  return value;
}

type Step = {
  id?: string;
  name?: string;
  entrypoint?: string;
  args?: string[];
  env?: string[];
  dir?: string;
};

/** Image references a build uses or pushes: step images, `docker build -t`, `docker push`, `images`. */
export function imageReferences(config: {
  steps?: Step[];
  images?: string[];
}): Array<{ ref: string; where: string }> {
  const refs: Array<{ ref: string; where: string }> = [];
  for (const [i, s] of (config.steps ?? []).entries()) {
    const where = `step ${s.id ?? i}`;
    if (typeof s.name === 'string') refs.push({ ref: s.name, where });
    const args = (s.args ?? []).map(String);
    const docker =
      /(^|\/)docker$/.test(s.name ?? '') || s.entrypoint === 'docker';
    if (!docker) continue;
    if (args[0] === 'build' || args[0] === 'tag')
      args.forEach((a, j) => {
        if ((a === '-t' || a === '--tag') && j + 1 < args.length)
          refs.push({ ref: args[j + 1], where });
        else if (a.startsWith('--tag=')) refs.push({ ref: a.slice(6), where });
      });
    if (args[0] === 'push')
      for (const a of args.slice(1))
        if (!a.startsWith('-')) refs.push({ ref: a, where });
  }
  for (const ref of config.images ?? []) refs.push({ ref, where: 'images' });
  return refs;
}

/** `repo/image:` or `repo/image@` (an empty tag or digest), or an empty reference. */
export function emptyTag(ref: string): boolean {
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  return ref.trim() === '' || /[:@]$/.test(last);
}

const STUBS: Record<string, string> = {
  // `python -m build` writes the files the real build names <name>-<version>; `-m twine upload`
  // records the files it would upload; anything else (pip, pytest, ruff...) succeeds.
  python: `#!/bin/sh
if [ "$1" = -m ] && [ "$2" = build ]; then
  name=$(sed -n 's/^name *= *"\\(.*\\)"/\\1/p' pyproject.toml | head -n 1 | tr '.-' '__')
  version=$(sed -n 's/^version *= *"\\(.*\\)"/\\1/p' pyproject.toml | head -n 1)
  mkdir -p dist && : > "dist/$name-$version.tar.gz" && : > "dist/$name-$version-py3-none-any.whl"
elif [ "$1" = -m ] && [ "$2" = twine ]; then
  shift 2
  for a in "$@"; do case "$a" in *.tar.gz|*.whl) basename "$a" >> "$MX_UPLOADS" ;; esac; done
fi
exit 0
`,
  twine: `#!/bin/sh
for a in "$@"; do case "$a" in *.tar.gz|*.whl) basename "$a" >> "$MX_UPLOADS" ;; esac; done
`,
  // the build's clock
  date: `#!/bin/sh
exec "$MX_REAL_DATE" -d "@$MX_EPOCH" "$@"
`,
};
const NOOP = [
  'pip',
  'pip3',
  'ruff',
  'pytest',
  'sphinx-build',
  'gcloud',
  'gsutil',
  'docker',
  'apt-get',
];

async function writeStubs(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const all: Record<string, string> = { ...STUBS, python3: STUBS.python };
  for (const n of NOOP) all[n] = '#!/bin/sh\nexit 0\n';
  for (const [n, text] of Object.entries(all))
    await fs.writeFile(path.join(dir, n), text, { mode: 0o755 });
}

const REAL_DATE = ['/usr/bin/date', '/bin/date'].find(p => existsSync(p));

function exec(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; stderr: string }> {
  return new Promise(resolve =>
    execFile(cmd, args, { cwd, env, timeout: 20_000 }, (err, _o, stderr) =>
      resolve({ code: err ? Number((err as any).code) || 1 : 0, stderr }),
    ),
  );
}

/**
 * Runs the build's shell and python steps in a copy of the tree with stand-ins for the tools
 * that need the network (pip, python -m build/twine, gcloud, docker) and returns the package
 * files it uploads, or the first step that failed.
 */
async function runSteps(
  steps: Step[],
  build: ReplayBuild,
  workDir: string,
  scratch: string,
): Promise<{ uploads: string[]; error?: string }> {
  const workspace = path.join(scratch, 'workspace');
  const stubs = path.join(scratch, 'bin');
  const uploads = path.join(scratch, 'uploads');
  await fs.cp(workDir, workspace, { recursive: true });
  await writeStubs(stubs);
  await fs.writeFile(uploads, '');
  for (const [i, s] of steps.entries()) {
    const command = s.entrypoint ? [s.entrypoint, ...(s.args ?? [])] : [];
    const exe = command[0];
    if (!exe || !['bash', 'sh', 'python', 'python3', 'twine'].includes(exe))
      continue;
    const env: Record<string, string> = {
      PATH: `${stubs}:/usr/bin:/bin`,
      HOME: scratch,
      MX_UPLOADS: uploads,
      MX_EPOCH: String(build.epoch),
      MX_REAL_DATE: REAL_DATE ?? 'date',
    };
    for (const e of s.env ?? []) {
      const eq = e.indexOf('=');
      if (eq > 0) env[e.slice(0, eq)] = e.slice(eq + 1);
    }
    const cmd = exe === 'bash' || exe === 'sh' ? exe : path.join(stubs, exe);
    const r = await exec(
      cmd,
      command.slice(1).map(String),
      path.join(workspace, s.dir ?? ''),
      env,
    );
    if (r.code !== 0)
      return {
        uploads: [],
        error: `step ${s.id ?? i} fails in the replay (exit ${
          r.code
        }): ${r.stderr.trim().slice(0, 300)}`,
      };
  }
  const text = await fs.readFile(uploads, 'utf8');
  return { uploads: text.split('\n').filter(Boolean) };
}

/**
 * Cloud Build replay stand-in: substitutes cloudbuild.yaml as Cloud Build does for a build a
 * trigger starts and for one started by hand, then fails on an image reference whose tag (or
 * digest) is empty, on a substitution Cloud Build would refuse, and on a Python package file
 * uploaded by both builds (Artifact Registry refuses to upload a version that exists).
 */
export const cloudBuildReplay: TreeCheck = {
  name: NAME,
  async run(tree, ctx) {
    const raw = tree.get(FILE);
    if (!raw) return [];
    const config = YAML.parse(raw.toString('utf8')) ?? {};
    const user: Record<string, string> = {};
    for (const [k, v] of Object.entries(config.substitutions ?? {}))
      user[k] = String(v);
    const problems: string[] = [];
    const uploadsByBuild: Array<{ kind: string; uploads: string[] }> = [];
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-cloudbuild-'));
    try {
      // the two builds replay side by side, each in its own copy of the tree
      const runs = REPLAY_BUILDS.map(async (build, b) => {
        const found: string[] = [];
        const unknown: string[] = [];
        const resolved = substituteDeep(
          { steps: config.steps ?? [], images: config.images ?? [] },
          { ...build.substitutions, ...user },
          unknown,
        ) as { steps: Step[]; images: string[] };
        for (const name of new Set(unknown))
          found.push(
            `${build.kind}: Cloud Build refuses the build: "$${name}" is not a built-in substitution nor one of the config's substitutions (write $$${name} for the shell)`,
          );
        for (const { ref, where } of imageReferences(resolved))
          if (emptyTag(ref))
            found.push(
              `${build.kind}: ${where} uses the image "${ref}" with an empty tag: $COMMIT_SHA, $SHORT_SHA, $BRANCH_NAME and $TAG_NAME are empty on builds started by hand (gcloud builds submit); tag with $BUILD_ID`,
            );
        const run = await runSteps(
          resolved.steps,
          build,
          ctx.workDir,
          path.join(scratch, String(b)),
        );
        if (run.error) found.push(`${build.kind}: ${run.error}`);
        return { found, kind: build.kind, uploads: run.uploads };
      });
      for (const r of await Promise.all(runs)) {
        problems.push(...r.found);
        uploadsByBuild.push({ kind: r.kind, uploads: r.uploads });
      }
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
    const [first, ...others] = uploadsByBuild;
    for (const o of others) {
      const again = o.uploads.filter(f => first.uploads.includes(f));
      if (again.length)
        problems.push(
          `the ${first.kind} and the ${o.kind} both upload ${again.join(
            ', ',
          )}: Artifact Registry refuses to upload a version that exists, so every build after the first fails. Give each build its own version (e.g. <version>.dev<build time>)`,
        );
    }
    return [resultRow(FILE, NAME, problems)];
  },
};
