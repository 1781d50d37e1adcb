import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
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
  /** Overrides the tool's configured timeout (`mx.tools.<tool>.timeoutMinutes`). */
  timeoutMs?: number;
  /** Grace period between SIGINT (lets terraform release its lock) and SIGTERM, then SIGKILL. */
  killGraceMs?: number;
  /** Don't treat a non-zero exit as an error; the caller reads exitCode. */
  allowFailure?: boolean;
  /** Text written to the process's stdin. */
  input?: string;
  /** Don't stream stdout to the log (e.g. large JSON the caller parses); stderr is still logged. */
  quietStdout?: boolean;
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

/** A tool is missing, cannot report its version, or is older than the configured minimum. */
export class ToolUnavailableError extends Error {
  constructor(
    message: string,
    readonly tool: string,
    readonly found?: string,
    readonly needed?: string,
  ) {
    super(message);
    this.name = 'ToolUnavailableError';
  }
}

/** Per-tool settings, from config `mx.tools.<tool>`. */
export interface ToolSettings {
  /** Executable path; default: the tool's name, looked up on PATH. */
  path?: string;
  /** Oldest accepted version (`1.5.0`); checked once per runner before the first run. */
  minVersion?: string;
  /** Default timeout of one invocation. */
  timeoutMs?: number;
}

export interface CliRunnerOptions {
  /** Tool name → executable path (from config `mx.tools.<name>.path`). */
  toolPaths?: Record<string, string | undefined>;
  /** Tool name → path, minimum version and timeout (from config `mx.tools.<name>`). */
  tools?: Record<string, ToolSettings | undefined>;
  /** Timeout when neither the request nor the tool sets one. Default: none. */
  defaultTimeoutMs?: number;
  /** Environment every run starts from; defaults to process.env. */
  baseEnv?: NodeJS.ProcessEnv;
}

/** Minimum versions enforced even without config: older releases lack what the actions use. */
export const DEFAULT_MIN_VERSIONS: Record<string, string> = {
  terraform: '1.5.0',
  devspace: '6.0.0',
};

/** How each tool reports its version. */
const VERSION_ARGS: Record<string, string[]> = {
  terraform: ['version'],
  devspace: ['version'],
  gcloud: ['version'],
  kubectl: ['version', '--client'],
  git: ['--version'],
};

function parseVersion(text: string): number[] | undefined {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** True when version `a` is older than `b` (both `x.y[.z]`). */
export function isOlderVersion(a: string, b: string): boolean {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) return false;
  for (let i = 0; i < 3; i++) {
    if (va[i] !== vb[i]) return va[i] < vb[i];
  }
  return false;
}

/** Reads `mx.tools.<tool>.{path,minVersion,timeoutMinutes}` into runner options. */
export function readCliRunnerOptions(config: Config): CliRunnerOptions {
  const toolsConfig = config.getOptionalConfig('mx.tools');
  const tools: Record<string, ToolSettings> = {};
  for (const tool of toolsConfig?.keys() ?? []) {
    const minutes = toolsConfig!.getOptionalNumber(`${tool}.timeoutMinutes`);
    tools[tool] = {
      path: toolsConfig!.getOptionalString(`${tool}.path`),
      minVersion: toolsConfig!.getOptionalString(`${tool}.minVersion`),
      timeoutMs: minutes === undefined ? undefined : minutes * 60_000,
    };
  }
  return { tools };
}

/** A runner configured from `mx.tools.*`. */
export function createCliRunnerFromConfig(config: Config): CliRunner {
  return createCliRunner(readCliRunnerOptions(config));
}

/**
 * The one way mx actions run external tools: execa with argument arrays, output streamed line by
 * line to the task log, secrets redacted everywhere, cancellation and timeouts by SIGINT, then
 * SIGTERM, then SIGKILL. A tool's version is checked against its minimum before its first run.
 */
export function createCliRunner(options: CliRunnerOptions = {}): CliRunner {
  const baseEnv = options.baseEnv ?? process.env;
  const versionChecks = new Map<string, Promise<void>>();

  const settingsOf = (tool: string): ToolSettings => ({
    path: options.tools?.[tool]?.path ?? options.toolPaths?.[tool],
    minVersion: options.tools?.[tool]?.minVersion ?? DEFAULT_MIN_VERSIONS[tool],
    timeoutMs: options.tools?.[tool]?.timeoutMs ?? options.defaultTimeoutMs,
  });

  const notFound = (tool: string, executable: string, needed?: string) =>
    new ToolUnavailableError(
      `${tool} was not found: '${executable}' could not be started${
        executable === tool ? ' (looked up on PATH)' : ''
      }. Install ${tool}${
        needed ? ` ${needed} or newer` : ''
      } on the Backstage backend or set mx.tools.${tool}.path.`,
      tool,
      undefined,
      needed,
    );

  async function checkVersion(
    tool: string,
    executable: string,
    needed: string,
  ) {
    const r = await execa(executable, VERSION_ARGS[tool] ?? ['--version'], {
      env: baseEnv,
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      timeout: 60_000,
    });
    if (r.exitCode === undefined) throw notFound(tool, executable, needed);
    const text = `${r.stdout}\n${r.stderr}`;
    const found = parseVersion(text)?.join('.');
    if (!found) {
      throw new ToolUnavailableError(
        `${tool} at '${executable}' did not report a version (needed: ${needed} or newer); output: ${text
          .trim()
          .slice(0, 200)}`,
        tool,
        undefined,
        needed,
      );
    }
    if (isOlderVersion(found, needed)) {
      throw new ToolUnavailableError(
        `${tool} ${found} at '${executable}' is too old: version ${needed} or newer is needed (mx.tools.${tool}.minVersion). Upgrade ${tool} on the Backstage backend or point mx.tools.${tool}.path at a newer one.`,
        tool,
        found,
        needed,
      );
    }
  }

  return {
    async run(req) {
      const redact = createRedactor(req.secrets ?? []);
      const settings = settingsOf(req.command);
      const executable = settings.path ?? req.command;
      const what = `${req.command} ${redact(req.args.join(' '))}`;
      if (req.signal?.aborted) {
        throw new CliError(`${what} was cancelled before it started`, {
          exitCode: -1,
          stdout: '',
          stderr: '',
          cancelled: true,
          timedOut: false,
        });
      }

      if (settings.minVersion) {
        let check = versionChecks.get(req.command);
        if (!check) {
          check = checkVersion(req.command, executable, settings.minVersion);
          versionChecks.set(req.command, check);
          // A failed check is retried next time (the tool may get installed meanwhile).
          check.catch(() => versionChecks.delete(req.command));
        }
        await check;
      }

      const child = execa(executable, req.args, {
        cwd: req.cwd,
        env: { ...baseEnv, ...req.env },
        extendEnv: false,
        input: req.input,
        stdin: req.input === undefined ? 'ignore' : undefined,
        reject: false,
        all: false,
        buffer: true,
        stripFinalNewline: false,
        forceKillAfterDelay: false,
      });

      let cancelled = false;
      let timedOut = false;
      const timers: NodeJS.Timeout[] = [];
      const grace = req.killGraceMs ?? 10_000;
      // SIGINT first: terraform and devspace stop gracefully and release their locks.
      const stop = () => {
        child.kill('SIGINT');
        timers.push(
          setTimeout(() => {
            child.kill('SIGTERM');
            timers.push(setTimeout(() => child.kill('SIGKILL'), grace));
          }, grace),
        );
      };
      const onAbort = () => {
        if (cancelled || timedOut) return;
        cancelled = true;
        req.logger?.warn(`Cancelling ${req.command}: sent SIGINT`);
        stop();
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const timeoutMs = req.timeoutMs ?? settings.timeoutMs;
      if (timeoutMs !== undefined) {
        timers.push(
          setTimeout(() => {
            if (cancelled || timedOut) return;
            timedOut = true;
            req.logger?.warn(
              `${req.command} exceeded its timeout of ${timeoutMs} ms: sent SIGINT`,
            );
            stop();
          }, timeoutMs),
        );
      }

      const pipeLines = (stream: NodeJS.ReadableStream | null) => {
        if (!stream || !req.logger) return;
        createInterface({ input: stream }).on('line', line => {
          req.logger!.info(redact(line));
        });
      };
      if (!req.quietStdout) pipeLines(child.stdout);
      pipeLines(child.stderr);

      let r;
      try {
        r = await child;
      } finally {
        req.signal?.removeEventListener('abort', onAbort);
        timers.forEach(t => clearTimeout(t));
      }
      const result = {
        exitCode: r.exitCode ?? -1,
        stdout: redact(String(r.stdout ?? '')),
        stderr: redact(String(r.stderr ?? '')),
      };
      const startFailed =
        r.exitCode === undefined && !cancelled && !timedOut && !r.signal;
      if (startFailed) {
        const code = (r.cause as NodeJS.ErrnoException | undefined)?.code;
        if (code === 'ENOENT' || code === 'EACCES') {
          throw notFound(req.command, executable, settings.minVersion);
        }
        throw new CliError(
          `${req.command} could not be started: ${redact(
            r.shortMessage ?? String(r.cause ?? 'unknown error'),
          )}`,
          { ...result, cancelled, timedOut },
        );
      }
      if (cancelled || timedOut || (r.failed && !req.allowFailure)) {
        let message: string;
        if (cancelled) message = `${what} was cancelled`;
        else if (timedOut) message = `${what} timed out after ${timeoutMs} ms`;
        else if (r.exitCode === undefined)
          message = `${what} was stopped by signal ${r.signal}`;
        else {
          const tail = result.stderr.trim().split('\n').slice(-5).join('\n');
          message = `${what} failed with exit code ${r.exitCode}${
            tail ? `: ${tail}` : ''
          }`;
        }
        throw new CliError(message, { ...result, cancelled, timedOut });
      }
      return result;
    },
  };
}
