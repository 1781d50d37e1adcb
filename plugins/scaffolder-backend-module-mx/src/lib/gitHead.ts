import { InputError } from '@backstage/errors';
import { CliRunner } from '../cli/runner';

/**
 * The commit checked out in `repoDir` (what a plan's configuration is read from); a folder that
 * is no git checkout with a commit is an InputError naming `displayDir`.
 */
export async function readHeadCommit(opts: {
  runner: CliRunner;
  repoDir: string;
  displayDir: string;
  signal?: AbortSignal;
}): Promise<string> {
  const r = await opts.runner.run({
    command: 'git',
    args: ['rev-parse', 'HEAD'],
    cwd: opts.repoDir,
    quietStdout: true,
    allowFailure: true,
    signal: opts.signal,
  });
  if (r.exitCode !== 0) {
    throw new InputError(
      `${
        opts.displayDir
      } is not a git checkout with a commit (git rev-parse HEAD: ${r.stderr.trim()}); check out the project's repository with mx:repo:checkout first`,
    );
  }
  return r.stdout.trim();
}
