import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Google credentials from a task secret: a service-account key (JSON) or an OAuth access token. */
export interface GoogleCredentials {
  kind: 'service-account-key' | 'access-token';
  value: string;
  /** Every form of the secret to redact (the whole value and, for a key, its private key). */
  redact: string[];
}

export function readGoogleCredentials(
  secrets: Record<string, string> | undefined,
  secretName: string | undefined,
): GoogleCredentials | undefined {
  if (!secretName) return undefined;
  const value = secrets?.[secretName];
  if (!value) {
    throw new InputError(
      `The task has no secret '${secretName}' (credentialsSecret): add a secret field with that name to the template and fill it in when running it`,
    );
  }
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    let key: Record<string, unknown>;
    try {
      key = JSON.parse(trimmed);
    } catch {
      throw new InputError(
        `The secret '${secretName}' looks like JSON but does not parse as a service-account key`,
      );
    }
    const redact = [value, trimmed];
    for (const f of ['private_key', 'private_key_id']) {
      if (typeof key[f] === 'string') redact.push(key[f] as string);
    }
    return { kind: 'service-account-key', value: trimmed, redact };
  }
  return { kind: 'access-token', value: trimmed, redact: [value, trimmed] };
}

/** Environment that hands the credentials to terraform's google provider. */
export function terraformCredentialEnv(
  creds: GoogleCredentials | undefined,
): Record<string, string> {
  if (!creds) return {};
  return creds.kind === 'service-account-key'
    ? { GOOGLE_CREDENTIALS: creds.value }
    : { GOOGLE_OAUTH_ACCESS_TOKEN: creds.value };
}

/**
 * Environment that hands the credentials to gcloud. gcloud reads keys and tokens from files only,
 * so they are written (mode 0600) into `privateDir`, which the caller removes when done.
 */
export async function gcloudCredentialEnv(
  creds: GoogleCredentials | undefined,
  privateDir: string,
): Promise<Record<string, string>> {
  if (!creds) return {};
  const file = path.join(privateDir, 'gcloud-credentials');
  await fs.writeFile(file, creds.value, { mode: 0o600 });
  return creds.kind === 'service-account-key'
    ? { CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: file }
    : { CLOUDSDK_AUTH_ACCESS_TOKEN_FILE: file };
}

/** A private scratch folder inside the workspace (not inside the repository), removed by `dispose`. */
export async function createScratchDir(workspacePath: string) {
  const dir = await fs.mkdtemp(path.join(workspacePath, '.mx-scratch-'));
  await fs.chmod(dir, 0o700);
  return {
    dir,
    /** A file in the scratch folder (a fixed name chosen by the action, never user input). */
    file: (name: string) => path.join(dir, name),
    dispose: () => fs.rm(dir, { recursive: true, force: true }),
  };
}
