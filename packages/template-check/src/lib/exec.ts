import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program with an argument array (no shell) and collects its output. `env` is added to
 * the kit's own environment, or with `inheritEnv: false` is the program's whole environment.
 */
export function run(
  command: string,
  args: string[],
  options: {
    cwd?: string;
    input?: string;
    env?: NodeJS.ProcessEnv;
    inheritEnv?: boolean;
    timeoutMs?: number;
  } = {},
): Promise<ExecResult> {
  return new Promise(resolve => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env:
        options.inheritEnv === false
          ? options.env
          : {
              ...process.env,
              // terraform: no update checks, and no warning about a missing CLI config file
              CHECKPOINT_DISABLE: '1',
              TF_CLI_CONFIG_FILE:
                process.env.MX_CHECK_TF_CLI_CONFIG_FILE ?? '/dev/null',
              ...options.env,
            },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(
      () => child.kill('SIGTERM'),
      options.timeoutMs ?? 60_000,
    );
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('error', e => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: `${stderr}${e.message}` });
    });
    child.on('close', code => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    // A program that exits without reading its input (make, terraform...) closes the pipe: the
    // write fails with EPIPE, which is no error of the run (its exit code says how it went).
    // Unhandled, that 'error' event crashed the caller (seen as a flaky kit test).
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
