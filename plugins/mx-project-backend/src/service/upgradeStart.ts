import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  GeneratorInfo,
  ProjectState,
  StartUpgradesResponse,
  isUpgradeAvailable,
  upgradeValues,
} from '@mx-backstage/plugin-mx-common';
import { z } from 'zod';
import { listGenerators } from './generators';
import { mapLimited, message } from './mapLimited';
import { ScaffolderCall } from './scaffolderClient';

/** Reads a project's state from its repository (createStateReader). */
export type StateReader = (entity: Entity) => Promise<{ state: ProjectState }>;

const startBody = z.object({
  generator: z.string().min(1).max(200),
  projects: z.array(z.string().min(1).max(500)).min(1).max(100),
});

/**
 * `POST /upgrades` `{ generator, projects }`: one scaffolder task per project, as the caller, with
 * the project's recorded answers. Each project is checked and started on its own; one that
 * cannot be upgraded is refused with the reason.
 */
export async function startUpgrades(opts: {
  body: unknown;
  credentials: () => Promise<BackstageCredentials>;
  catalog: CatalogService;
  readState: StateReader;
  scaffolder: ScaffolderCall;
  logger: LoggerService;
  concurrency: number;
}): Promise<StartUpgradesResponse> {
  const { catalog, readState, scaffolder, logger, concurrency } = opts;
  const parsed = startBody.safeParse(opts.body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `Invalid upgrade request: ${issue.path.join('.') || 'body'}: ${
        issue.message
      }; send { "generator": "<generator id>", "projects": ["component:default/<name>", …] }`,
    );
  }
  const credentials = await opts.credentials();
  const generators = await listGenerators(catalog, credentials);
  const generator: GeneratorInfo | undefined = generators.find(
    g => g.id === parsed.data.generator,
  );
  if (!generator || generator.kind === 'operation') {
    throw new InputError(
      `'${parsed.data.generator}' is not a generator in the catalog you can see (a Template labelled mx.backstage.io/generator); operations are not upgraded`,
    );
  }

  const refs = [...new Set(parsed.data.projects.map(normalizeRef))];
  const answer: StartUpgradesResponse = {
    generator: generator.id,
    templateRef: generator.templateRef,
    tasks: [],
    refused: [],
  };
  // Each project is checked and started on its own: one that cannot be upgraded is refused
  // with the reason, the others still start.
  await mapLimited(refs, concurrency, async ref => {
    if (!ref.ok) {
      answer.refused.push({ entityRef: ref.raw, reason: ref.reason });
      return;
    }
    const entityRef = ref.ref;
    let state: ProjectState;
    try {
      const entity = await catalog.getEntityByRef(entityRef, {
        credentials,
      });
      if (!entity) {
        answer.refused.push({
          entityRef,
          reason: 'not in the catalog (or you may not read it)',
        });
        return;
      }
      state = (await readState(entity)).state;
    } catch (e) {
      answer.refused.push({ entityRef, reason: message(e) });
      return;
    }
    const record = state.generators[generator.id];
    if (!record) {
      answer.refused.push({
        entityRef,
        reason: `${generator.id} is not applied to this project`,
      });
      return;
    }
    if (!isUpgradeAvailable(generator.version, record.version)) {
      answer.refused.push({
        entityRef,
        reason: `already at ${record.version} (the catalog has ${
          generator.version ?? 'no version'
        })`,
      });
      return;
    }
    try {
      const created = await scaffolder(credentials, 'POST', '/v2/tasks', {
        templateRef: generator.templateRef,
        values: upgradeValues(state, generator, entityRef),
      });
      answer.tasks.push({ entityRef, taskId: String(created.id) });
    } catch (e) {
      logger.warn(
        `mx-project: upgrade of ${entityRef} to ${
          generator.templateRef
        } not started: ${message(e)}`,
      );
      answer.refused.push({
        entityRef,
        reason: `the scaffolder refused the task: ${message(e)}`,
      });
    }
  });
  answer.tasks.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  answer.refused.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  return answer;
}

function normalizeRef(
  raw: string,
): { ok: true; ref: string } | { ok: false; raw: string; reason: string } {
  try {
    return {
      ok: true,
      ref: stringifyEntityRef(
        parseEntityRef(raw, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      ),
    };
  } catch (e) {
    return { ok: false, raw, reason: `not an entity reference: ${message(e)}` };
  }
}
