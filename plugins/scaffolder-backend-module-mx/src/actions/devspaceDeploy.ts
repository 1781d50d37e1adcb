import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CliRunner } from '../cli/runner';
import { createScratchDir, readGoogleCredentials } from '../lib/credentials';
import { resolveTaskIdentity } from '../lib/projectIdentity';
import { assertOperatorOfWorkspaceProject } from '../lib/operatorCheck';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { assertNoOpenMxPullRequest } from '../lib/openPullRequestGuard';
import { safeChildPath, workspaceRepoDir } from '../lib/paths';
import { OWNED_PROJECT_ENTITY_REF, projectEntityRefInput } from '../lib/inputs';
import { readProjectState } from '../lib/state';
import { examples } from './devspaceDeploy.examples';
import { checkDevspaceConfig } from '../lib/devspaceConfig';

const ID = 'mx:devspace:deploy';
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function createDevspaceDeployAction(deps: {
  runner: CliRunner;
  catalog: CatalogService;
  config: Config;
  /** The permission framework: the policy is asked for mx.project.change too. */
  permissions?: PermissionsService;
}) {
  const { runner, catalog, config } = deps;
  return createTemplateAction({
    id: ID,
    description:
      "Deploys the project's devspace deployments to its GKE cluster: checks devspace.yaml (v2beta1, the named deployments exist), fetches cluster credentials into a temporary kubeconfig (gcloud get-credentials, or a kubeconfig secret) and runs `devspace deploy`. Dry-run renders the manifests instead. Only the project's owners (or an admin group) may run it.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: projectEntityRefInput(OWNED_PROJECT_ENTITY_REF),
        deployments: z =>
          z
            .array(z.string().regex(NAME))
            .optional()
            .describe(
              "Names of devspace deployments to deploy (default: all). Selecting a subset needs the deploy pipeline to declare a `deployments` flag (type stringArray) passed to create_deployments, as MX's devspace.yaml does",
            ),
        namespace: z =>
          z
            .string()
            .regex(NAME)
            .max(63)
            .optional()
            .describe('Kubernetes namespace (default: the project name)'),
        profiles: z =>
          z
            .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/))
            .optional()
            .describe('devspace profiles to apply, in order'),
        cluster: z =>
          z
            .string()
            .regex(NAME)
            .optional()
            .describe(
              'GKE cluster name (default: the `cluster_name` terraform output in the project state)',
            ),
        kubeContext: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$/)
            .optional()
            .describe(
              "Kubernetes context (default: the context gcloud creates, or the kubeconfig secret's current context)",
            ),
        kubeconfigSecret: z =>
          z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/)
            .optional()
            .describe(
              'Name of a task secret holding a kubeconfig; used instead of gcloud get-credentials',
            ),
        credentialsSecret: z =>
          z
            .string()
            .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/)
            .optional()
            .describe(
              'Name of the task secret holding a GCP service-account key (JSON) or access token for gcloud and the GKE auth plugin',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Repository directory inside the workspace (default: the workspace root)',
            ),
        configPath: z =>
          z
            .string()
            .optional()
            .describe(
              'devspace config, relative to the repository (default: `devspace.yaml`)',
            ),
      },
      output: {
        deployed: z =>
          z
            .array(z.string())
            .describe('The deployments devspace deployed (empty in dry-run)'),
        namespace: z => z.string().describe('The namespace deployed to'),
        kubeContext: z =>
          z
            .string()
            .describe(
              'The Kubernetes context used (empty when the kubeconfig secret chose it)',
            ),
        rendered: z =>
          z.string().describe('Dry-run only: the manifests devspace rendered'),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const repoDir = workspaceRepoDir(ctx.workspacePath, input.targetPath);
      const configFile = safeChildPath(
        repoDir,
        input.configPath ?? 'devspace.yaml',
        'configPath',
      );
      const { state } = await readProjectState(
        repoDir,
        input.targetPath ?? '.',
      );
      const project = state.project;
      const configName = input.configPath ?? 'devspace.yaml';
      const text = await fs.readFile(configFile, 'utf8').catch(() => {
        throw new InputError(
          `${configName} was not found in the repository; apply a generator that adds deployments first`,
        );
      });
      const summary = checkDevspaceConfig(text, configName);
      const requested = input.deployments ?? [];
      const unknown = requested.filter(d => !summary.deployments.includes(d));
      if (unknown.length > 0) {
        throw new InputError(
          `${configName} has no deployment(s) ${unknown.join(
            ', ',
          )}; it defines: ${summary.deployments.join(', ')}`,
        );
      }
      const subset =
        requested.length > 0 &&
        summary.deployments.some(d => !requested.includes(d));
      if (subset && !summary.selectable) {
        throw new InputError(
          `${configName}'s deploy pipeline cannot select deployments: declare a 'deployments' flag (type: stringArray) on pipelines.deploy and pass it to create_deployments, or deploy all of: ${summary.deployments.join(
            ', ',
          )}`,
        );
      }
      const selected = subset ? requested : summary.deployments;
      const namespace = input.namespace ?? project.name;

      // Owners only, also in dry-run: rendering may pull charts and run pipeline scripts.
      const access = await assertOperatorOfWorkspaceProject(
        { catalog, config, permissions: deps.permissions },
        ctx,
        { entityRef: input.entityRef, projectName: project.name, actionId: ID },
      );
      await assertNoOpenMxPullRequest({
        config,
        entity: access.entity,
        logger: ctx.logger,
        mode: ctx.isDryRun ? 'warn' : 'refuse',
        operation: 'Deploy',
      });

      readGoogleCredentials(ctx.secrets, input.credentialsSecret); // a missing secret fails first
      const kubeconfigText = input.kubeconfigSecret
        ? ctx.secrets?.[input.kubeconfigSecret]
        : undefined;
      if (input.kubeconfigSecret && !kubeconfigText) {
        throw new InputError(
          `The task has no secret '${input.kubeconfigSecret}' (kubeconfigSecret)`,
        );
      }
      const secrets = [kubeconfigText];
      if (kubeconfigText) {
        // Tokens and keys inside the kubeconfig are redacted one by one as well.
        for (const m of kubeconfigText.matchAll(
          /(?:token|client-key-data|client-certificate-data|password):\s*["']?([^\s"']+)/g,
        )) {
          secrets.push(m[1]);
        }
      }

      const baseArgs = [
        '--namespace',
        namespace,
        '--no-warn',
        '--no-colors',
        ...(input.profiles ?? []).flatMap(p => ['--profile', p]),
        ...(subset ? selected.flatMap(d => ['--deployments', d]) : []),
      ];
      const configEnv: Record<string, string> =
        path.basename(configFile) === 'devspace.yaml'
          ? {}
          : { DEVSPACE_CONFIG: path.basename(configFile) };
      const cwd = path.dirname(configFile);

      if (ctx.isDryRun) {
        const r = await runner.run({
          command: 'devspace',
          args: [
            'deploy',
            '--render',
            '--skip-build',
            '--skip-push',
            ...baseArgs,
          ],
          cwd,
          env: configEnv,
          secrets,
          logger: ctx.logger,
          signal: ctx.signal,
          quietStdout: true,
        });
        ctx.logger.info(
          `Dry run: rendered ${selected.join(
            ', ',
          )} for namespace ${namespace}; nothing was deployed`,
        );
        ctx.output('deployed', []);
        ctx.output('namespace', namespace);
        ctx.output('kubeContext', input.kubeContext ?? '');
        ctx.output('rendered', r.stdout);
        return;
      }

      const scratch = await createScratchDir(ctx.workspacePath);
      try {
        const kubeconfig = scratch.file('kubeconfig');
        // With a kubeconfig secret the cluster's own credentials are used and GCP is not called.
        let gcloudEnv: Record<string, string> = {};
        if (!kubeconfigText) {
          const identity = await resolveTaskIdentity({ config, runner }, ctx, {
            state,
            credentialsSecret: input.credentialsSecret,
            privateDir: scratch.dir,
            cwd: repoDir,
          });
          secrets.push(...identity.secrets);
          gcloudEnv = identity.gcloudEnv;
        }
        const env = { ...gcloudEnv, ...configEnv, KUBECONFIG: kubeconfig };
        let kubeContext = input.kubeContext;
        if (kubeconfigText) {
          await fs.writeFile(kubeconfig, kubeconfigText, { mode: 0o600 });
        } else {
          const cluster =
            input.cluster ??
            (typeof state.infrastructure.outputs.cluster_name === 'string'
              ? (state.infrastructure.outputs.cluster_name as string)
              : undefined);
          if (!cluster || !NAME.test(cluster)) {
            throw new InputError(
              'No cluster to deploy to: apply the infrastructure first (its cluster_name output is recorded in the project state), or set cluster or kubeconfigSecret',
            );
          }
          await runner.run({
            command: 'gcloud',
            args: [
              'container',
              'clusters',
              'get-credentials',
              cluster,
              `--region=${project.region}`,
              `--project=${project.gcpProjectId}`,
            ],
            cwd: repoDir,
            env: { ...env, CLOUDSDK_CORE_DISABLE_PROMPTS: '1' },
            secrets,
            logger: ctx.logger,
            signal: ctx.signal,
          });
          kubeContext ??= `gke_${project.gcpProjectId}_${project.region}_${cluster}`;
        }

        await ctx.checkpoint({
          key: `mx.devspace.deploy.${namespace}.${selected.join(',')}`,
          fn: async () => {
            await runner.run({
              command: 'devspace',
              args: [
                'deploy',
                ...baseArgs,
                ...(kubeContext ? ['--kube-context', kubeContext] : []),
              ],
              cwd,
              env,
              secrets,
              logger: ctx.logger,
              signal: ctx.signal,
            });
          },
        });
        ctx.logger.info(
          `Deployed ${selected.join(', ')} to namespace ${namespace}`,
        );
        ctx.output('deployed', selected);
        ctx.output('namespace', namespace);
        ctx.output('kubeContext', kubeContext ?? '');
      } finally {
        await scratch.dispose();
      }
    },
  });
}
