import { LoggerService } from '@backstage/backend-plugin-api';
import { execa } from 'execa';
import { createInterface } from 'node:readline';
import { createRedactor } from './redact';

/** One CLI invocation: always an argument array, never a shell string. */
export interface CliRunRequest {
  /** The tool to run: a name resolved on PATH or through the runner's configured tool paths. */
  command: string;
  args: string[];
  /** Working directory; callers pass a path already resolved inside the task workspace. */
  cwd: string;
  /** Extra environment. Secrets go here, never into args. */
  env?: Record<string, string | undefined>;
  /** Values to redact from every log line, result and error. */
  secrets?: Array<string | undefined>;
  logger?: LoggerService;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Grace period between SIGINT (lets terraform release its lock) and SIGTERM. */
  killGraceMs?: number;
  /** Don't treat a non-zero exit as an error; the caller reads exitCode. */
  allowFailure?: boolean;
  /** Text written to the process's stdin. */
  input?: string;
}

export interface CliRunResult {
  exitCode: number;
  /** Redacted stdout. */
  stdout: string;
  /** Redacted stderr. */
  stderr: string;
}

export interface CliRunner {
  run(request: CliRunRequest): Promise<CliRunResult>;
}

/** A CLI finished with a non-zero exit, was cancelled, or timed out. Message already redacted. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly result: CliRunResult & { cancelled: boolean; timedOut: boolean },
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliRunnerOptions {
  /** Tool name → executable path (from config `mx.tools.<name>.path`). */
  toolPaths?: Record<string, string | undefined>;
  /** Environment every run starts from; defaults to process.env. */
  baseEnv?: NodeJS.ProcessEnv;
}

/**
 * The one way mx actions run external tools: execa with argument arrays, output streamed line by
 * line to the task log, secrets redacted everywhere, cancellation by SIGINT then SIGTERM.
 */
export function createCliRunner(options: CliRunnerOptions = {}): CliRunner {
  return {
    async run(req) {
      const redact = createRedactor(req.secrets ?? []);
      const executable = options.toolPaths?.[req.command] ?? req.command;
      const child = execa(executable, req.args, {
        cwd: req.cwd,
        env: { ...(options.baseEnv ?? process.env), ...req.env },
        extendEnv: false,
        input: req.input,
        stdin: req.input === undefined ? 'ignore' : undefined,
        reject: false,
        all: false,
        buffer: true,
        stripFinalNewline: false,
        cancelSignal: req.signal,
        killSignal: 'SIGINT',
        forceKillAfterDelay: req.killGraceMs ?? 10_000,
        timeout: req.timeoutMs,
      });
      const pipeLines = (stream: NodeJS.ReadableStream | null, level: 'info' | 'warn') => {
        if (!stream || !req.logger) return;
        createInterface({ input: stream }).on('line', line => {
          req.logger![level](redact(line));
        });
      };
      pipeLines(child.stdout, 'info');
      pipeLines(child.stderr, 'info');
      const r = await child;
      const result = {
        exitCode: r.exitCode ?? -1,
        stdout: redact(String(r.stdout ?? '')),
        stderr: redact(String(r.stderr ?? '')),
      };
      if (r.failed && (r.isCanceled || r.timedOut || !req.allowFailure || r.exitCode === undefined)) {
        const what = `${req.command} ${redact(req.args.join(' '))}`;
        let message: string;
        if (r.isCanceled) message = `${what} was cancelled`;
        else if (r.timedOut) message = `${what} timed out after ${req.timeoutMs} ms`;
        else if (r.exitCode === undefined)
          message = `${req.command} could not be started: ${redact(
            r.shortMessage ?? String(r.cause ?? 'unknown error'),
          )}`;
        else {
          const tail = result.stderr.trim().split('\n').slice(-5).join('\n');
          message = `${what} failed with exit code ${r.exitCode}${tail ? `: ${tail}` : ''}`;
        }
        throw new CliError(message, {
          ...result,
          cancelled: Boolean(r.isCanceled),
          timedOut: Boolean(r.timedOut),
        });
      }
      return result;
    },
  };
}
