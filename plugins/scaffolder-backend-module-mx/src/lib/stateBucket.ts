import { LoggerService } from '@backstage/backend-plugin-api';
import { CliRunner } from '../cli/runner';

/**
 * The state bucket bootstrap of mx:terraform:apply (`bootstrapBucket`): creates the project's GCS
 * state bucket with gcloud (uniform bucket-level access, in the project's region) when
 * `gcloud storage buckets describe` says it does not exist; an existing bucket is left alone.
 */
export async function ensureStateBucket(opts: {
  runner: CliRunner;
  bucket: string;
  project: { gcpProjectId: string; region: string };
  cwd: string;
  env: Record<string, string>;
  secrets: string[];
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<void> {
  const { bucket, project } = opts;
  const gcloud = (args: string[], allowFailure = false) =>
    opts.runner.run({
      command: 'gcloud',
      args,
      cwd: opts.cwd,
      env: { CLOUDSDK_CORE_DISABLE_PROMPTS: '1', ...opts.env },
      secrets: opts.secrets,
      logger: opts.logger,
      signal: opts.signal,
      allowFailure,
    });
  const described = await gcloud(
    [
      'storage',
      'buckets',
      'describe',
      `gs://${bucket}`,
      `--project=${project.gcpProjectId}`,
      '--format=value(name)',
    ],
    true,
  );
  if (described.exitCode === 0) {
    opts.logger.info(`State bucket gs://${bucket} exists`);
    return;
  }
  if (!/not found|404/i.test(described.stderr)) {
    throw new Error(
      `Could not check the state bucket gs://${bucket}: ${described.stderr.trim()}`,
    );
  }
  opts.logger.info(`Creating the state bucket gs://${bucket}`);
  await gcloud([
    'storage',
    'buckets',
    'create',
    `gs://${bucket}`,
    `--project=${project.gcpProjectId}`,
    `--location=${project.region}`,
    '--uniform-bucket-level-access',
  ]);
}
