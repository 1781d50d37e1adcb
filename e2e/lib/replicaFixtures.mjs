// Fixtures for the replica tests and benchmark: a test-only template (registered only in the test's
// own config, never in the product), a stand-in `git` that records who ran it, and a config that
// runs two backend replicas on one PostgreSQL with the scaffolder's task recovery on.
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes the test template: fetch:plain a one-file skeleton, publish it to the local git host
 * (mx:repo:publish: a `git push`, the side effect to witness), then Backstage's built-in
 * `debug:wait` — the task has pushed but not finished while it waits.
 */
export async function writeReplicaTemplate(dir) {
  await fs.mkdir(path.join(dir, 'skeleton'), { recursive: true });
  await fs.writeFile(path.join(dir, 'skeleton', 'README.md'), '# replica test\n');
  const file = path.join(dir, 'template.yaml');
  await fs.writeFile(
    file,
    `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: replica-test
  title: Replica test (test only)
spec:
  owner: group:default/ml-engineers
  type: test
  parameters:
    - required: [name]
      properties:
        name: { type: string }
        waitSeconds: { type: number, default: 0 }
  steps:
    - id: fetch
      name: Fetch
      action: fetch:plain
      input:
        url: ./skeleton
    - id: publish
      name: Publish
      action: mx:repo:publish
      input:
        name: \${{ parameters.name }}
    - id: wait
      name: Wait (the task has pushed but not finished)
      action: debug:wait
      input:
        seconds: \${{ parameters.waitSeconds }}
`,
  );
  return file;
}

/**
 * A stand-in for `git`: appends `<replica> <args>` to a recording file, then runs the real git
 * with the same arguments. The recording is the witness of every push and of which replica ran it.
 * When the file `<dir>/pause-after-next-push` exists, the next push removes it, pushes, records
 * `<replica> paused-after-push` and then blocks (until `<dir>/release` appears): a step that has
 * pushed but not finished, deterministically.
 */
export async function writeRecordingGit(dir, recording) {
  const realGit = '/usr/bin/git';
  const file = path.join(dir, 'git-recording-stand-in');
  const pause = path.join(dir, 'pause-after-next-push');
  const release = path.join(dir, 'release');
  await fs.writeFile(
    file,
    `#!/bin/sh
# Stand-in for git (test only): records the replica and the arguments, then runs the real git.
printf '%s %s\\n' "\${MX_TEST_REPLICA:-?}" "$*" >> ${JSON.stringify(recording)}
if [ "$1" = push ] && rm ${JSON.stringify(pause)} 2>/dev/null; then
  ${realGit} "$@" || exit $?
  printf '%s paused-after-push\\n' "\${MX_TEST_REPLICA:-?}" >> ${JSON.stringify(recording)}
  while [ ! -e ${JSON.stringify(release)} ]; do sleep 0.2; done
  exit 0
fi
exec ${realGit} "$@"
`,
    { mode: 0o755 },
  );
  return file;
}

/** Makes the stand-in git pause after its next push (see writeRecordingGit). */
export async function pauseAfterNextPush(dir) {
  await fs.writeFile(path.join(dir, 'pause-after-next-push'), '');
}

/** The recording's lines, e.g. `a push --quiet http://…` and `a paused-after-push`. */
export async function recordedLines(recording) {
  const text = await fs.readFile(recording, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}

/** The configuration both replicas share (appended after `mx.gitHost.root`). */
export function replicaConfig({ pg, templateFile, gitPath, staleSeconds = 5, concurrentTasksLimit }) {
  return {
    extraBackendConfig: `  database:
    client: pg
    connection:
      host: ${pg.host}
      port: ${pg.port}
      user: ${pg.user}
`,
    extraConfig: `  tools:
    git:
      path: ${JSON.stringify(gitPath)}
scaffolder:
${concurrentTasksLimit === undefined ? '' : `  concurrentTasksLimit: ${concurrentTasksLimit}\n`}  taskRecovery:
    enabled: true
    staleTimeout: { seconds: ${staleSeconds} }
catalog:
  rules:
    - allow: [Component, System, API, Resource, Location, Template, Group, User]
  locations:
    - type: file
      target: ${JSON.stringify(templateFile)}
`,
  };
}

/** Lines of the git recording that pushed. */
export async function recordedPushes(recording) {
  const text = await fs.readFile(recording, 'utf8').catch(() => '');
  return text.split('\n').filter(l => / push( |$)/.test(l));
}
