import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  PrerequisiteError,
  StateFileError,
  describeStateValidationError,
  mergeState,
  serializeState,
} from '@mx-backstage/plugin-mx-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { workspaceRepoDir } from '../lib/paths';
import { readOptionalProjectState } from '../lib/state';
import { generatorIdInput, optionalObjectInput } from '../lib/inputs';
import { examples } from './stateMerge.examples';
import { ProjectGuard, assertMayChangeWorkspaceProject } from '../lib/owners';

/**
 * `mx:state:merge` — reads (or creates) `.mx/state.yaml` in the workspace, merges one generator
 * run into it and writes it back. The single place where a generator records itself.
 */
export function createStateMergeAction(
  options: {
    now?: () => Date;
    /** The owner check (owners and mx.admins change a project; creators create one). */
    guard?: ProjectGuard;
  } = {},
) {
  const now = options.now ?? (() => new Date());
  const guard = options.guard;
  return createTemplateAction({
    id: 'mx:state:merge',
    description:
      "Reads or creates the project state (.mx/state.yaml) in the workspace, checks the generator's prerequisites, merges its answers and records the generator. Values already in the state are kept unless listed in `overrides`.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        generatorId: generatorIdInput(
          'Id of the generator being applied, e.g. `ml-project`',
        ),
        generatorVersion: z =>
          z
            .string()
            .regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/)
            .describe('Semantic version of the generator template'),
        requires: z =>
          z
            .array(z.string())
            .optional()
            .describe('Generators that must already be applied to the project'),
        project: optionalObjectInput(
          'Project answers (name, client, owner, engineers, gcpProjectId, region, zone, baseDomain). Required in full when the state is created.',
        ),
        values: optionalObjectInput(
          "The generator's own answers, stored under its record",
        ),
        overrides: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Project keys whose input value replaces the value already in the state',
            ),
        deployments: z =>
          z
            .record(
              z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
              z.object({ description: z.string().optional() }),
            )
            .optional()
            .describe('Devspace deployments this generator contributes'),
        certificateHosts: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Hosts the generator puts in a Google-managed certificate, `{domain}` standing for `<project name>.<baseDomain>`: refused (before anything is written) when one is over the 63 characters a ManagedCertificate domain may have',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Repository directory inside the workspace (default: the workspace root)',
            ),
      },
      output: {
        state: z =>
          z
            .record(z.string(), z.unknown())
            .describe('The merged project state'),
        created: z =>
          z.boolean().describe('True if the state file was created'),
        changed: z =>
          z
            .boolean()
            .describe('False when the state file stayed byte-identical'),
        kept: z =>
          z
            .array(z.string())
            .describe(
              'Project keys where the state kept its value over a different input',
            ),
      },
    },
    async handler(ctx) {
      const repoDir = workspaceRepoDir(ctx.workspacePath, ctx.input.targetPath);
      // Owners (and mx.admins) only: the one owner check every mutating mx action shares.
      if (guard) {
        await assertMayChangeWorkspaceProject(guard, ctx, {
          repoDir: repoDir,
          actionId: 'mx:state:merge',
        });
      }
      const {
        file,
        displayName,
        text: existingText,
        state: existing,
      } = await readOptionalProjectState(repoDir, ctx.input.targetPath ?? '.');

      let result;
      try {
        result = mergeState(existing, {
          generator: {
            id: ctx.input.generatorId,
            version: ctx.input.generatorVersion,
            requires: ctx.input.requires,
          },
          project: ctx.input.project as any,
          values: ctx.input.values,
          overrides: ctx.input.overrides,
          deployments: ctx.input.deployments,
          initiator: ctx.user?.ref ?? 'unknown',
          now: now(),
        });
      } catch (e) {
        if (e instanceof StateFileError || e instanceof PrerequisiteError) {
          throw new InputError(e.message);
        }
        const described = describeStateValidationError(e);
        if (described) {
          throw new InputError(
            `The answers do not make a valid project state (${displayName}): ${described}`,
          );
        }
        throw e;
      }

      const hostProblem = certificateHostProblem(
        result.state.project,
        ctx.input.certificateHosts ?? [],
      );
      if (hostProblem) throw new InputError(hostProblem);

      for (const k of result.kept) {
        ctx.logger.info(
          `Kept ${k.key}=${JSON.stringify(
            k.stateValue,
          )} from the project state (input was ${JSON.stringify(
            k.inputValue,
          )}); list '${k.key}' in overrides to change it`,
        );
      }
      const text = serializeState(result.state);
      if (text !== existingText) {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, text, 'utf8');
      }
      ctx.logger.info(
        `${result.created ? 'Created' : 'Updated'} ${displayName}: generator ${
          ctx.input.generatorId
        }@${ctx.input.generatorVersion}${result.changed ? '' : ' (no change)'}`,
      );
      ctx.output('state', result.state as any);
      ctx.output('created', result.created);
      ctx.output('changed', text !== existingText);
      ctx.output(
        'kept',
        result.kept.map(k => k.key),
      );
    },
  });
}

/** GKE ManagedCertificate: each of `spec.domains` has at most 63 characters (its CRD). */
export const MANAGED_CERTIFICATE_DOMAIN_MAX = 63;

/**
 * Why the project's certificate hosts cannot be issued, or undefined: a host over 63
 * characters makes the ManagedCertificate invalid, and the ingress never gets HTTPS.
 */
export function certificateHostProblem(
  project: { name: string; baseDomain?: string },
  hosts: string[],
): string | undefined {
  if (!project.baseDomain || hosts.length === 0) return undefined;
  const domain = `${project.name}.${project.baseDomain}`;
  const rendered = hosts.map(h => h.split('{domain}').join(domain));
  const longest = rendered.reduce((a, b) => (b.length > a.length ? b : a));
  if (longest.length <= MANAGED_CERTIFICATE_DOMAIN_MAX) return undefined;
  const room =
    MANAGED_CERTIFICATE_DOMAIN_MAX -
    (longest.length - project.baseDomain.length);
  return `The HTTPS host ${longest} has ${
    longest.length
  } characters; a Google-managed certificate (GKE ManagedCertificate) allows at most ${MANAGED_CERTIFICATE_DOMAIN_MAX} per host. With the project name ${
    project.name
  }, choose a base domain of at most ${Math.max(room, 0)} characters (${
    project.baseDomain
  } has ${project.baseDomain.length}).`;
}
