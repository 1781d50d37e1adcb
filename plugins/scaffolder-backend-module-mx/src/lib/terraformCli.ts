import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { CliError, CliRunner } from '../cli/runner';
import { lockConflictMessage, parseLockInfo } from './terraformLock';

/**
 * terraform in one root module through the CLI runner: exit code 1 fails with terraform's last
 * lines; a held state lock and terraform's own "Saved plan is stale" become ConflictErrors that
 * say what to do (exit code 2 of `plan -detailed-exitcode` is left to the caller).
 */
export function createTerraformCli(opts: {
  runner: CliRunner;
  cwd: string;
  env: Record<string, string>;
  secrets: (string | undefined)[];
  logger: LoggerService;
  signal?: AbortSignal;
  /** How messages name the project: `project fraud-detection`. */
  projectLabel: string;
  now: () => Date;
}) {
  const { projectLabel } = opts;
  return async (
    args: string[],
    run: { allowFailure?: boolean; quietStdout?: boolean } = {},
  ) => {
    try {
      const r = await opts.runner.run({
        command: 'terraform',
        args,
        cwd: opts.cwd,
        env: opts.env,
        secrets: opts.secrets,
        logger: opts.logger,
        signal: opts.signal,
        ...run,
      });
      if (r.exitCode === 1)
        throw new CliError(
          `terraform ${args[0]} failed: ${r.stderr
            .trim()
            .split('\n')
            .slice(-8)
            .join('\n')}`,
          { ...r, cancelled: false, timedOut: false },
        );
      return r;
    } catch (e) {
      if (e instanceof CliError) {
        const lock = parseLockInfo(e.result.stderr);
        if (lock) {
          throw new ConflictError(
            lockConflictMessage(projectLabel, lock, opts.now()),
          );
        }
        if (e.result.stderr.includes('Saved plan is stale')) {
          throw new ConflictError(
            `Terraform refused the saved plan of ${projectLabel} as stale ("Saved plan is stale"): the Terraform state changed after the plan was made. Nothing was applied. Run "Apply infrastructure" to plan afresh, review the new plan, and apply that one.`,
          );
        }
      }
      throw e;
    }
  };
}

export type TerraformCli = ReturnType<typeof createTerraformCli>;

/** `terraform output -json` as values; sensitive outputs are left out (and logged as such). */
export async function readTerraformOutputs(
  terraform: TerraformCli,
  logger: LoggerService,
): Promise<Record<string, unknown>> {
  const out = await terraform(['output', '-json', '-no-color'], {
    quietStdout: true,
  });
  const parsed = JSON.parse(out.stdout || '{}') as Record<
    string,
    { sensitive?: boolean; value?: unknown }
  >;
  const outputs: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(parsed)) {
    if (o.sensitive) {
      logger.info(
        `Output ${name} is sensitive and is not written to the state`,
      );
      continue;
    }
    outputs[name] = o.value;
  }
  return outputs;
}
