import {
  DefaultRootHttpRouter,
  ExtendedHttpServer,
  MiddlewareFactory,
  createHealthRouter,
  createHttpServer,
} from '@backstage/backend-defaults/rootHttpRouter';
import { HostDiscovery } from '@backstage/backend-defaults/discovery';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { createSpecializedBackend } from '@backstage/backend-app-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceMock,
  actionsServiceMock,
  metricsServiceMock,
  tracingServiceMock,
} from '@backstage/backend-test-utils/alpha';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import mxActionsModule, {
  mxClockServiceRef,
} from '@mx-backstage/plugin-scaffolder-backend-module-mx';
import {
  DEVSPACE_STAND_IN,
  TERRAFORM_STAND_IN,
  writeStandIn,
} from '@mx-backstage/plugin-scaffolder-backend-module-mx/testUtils';
import express from 'express';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FixedClock, KIT_CLOCK } from '../lib/clock';

/**
 * Tools the day-2 actions run that cannot do their work on this machine get a STAND-IN that
 * follows the real CLI's contract (flags, output, exit codes): devspace when it is not
 * installed; terraform when it cannot install the Google provider (no registry access). The kit
 * then checks the template's wiring; the actions' own tests run the real terraform.
 */
export async function toolStandIns(): Promise<{
  paths: Record<string, { path: string }>;
  reasons: string[];
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mx-kit-tools-'));
  const paths: Record<string, { path: string }> = {};
  const reasons: string[] = [];
  const works = (cmd: string, args: string[], cwd?: string) => {
    try {
      execFileSync(cmd, args, { cwd, stdio: 'ignore', timeout: 60_000 });
      return true;
    } catch {
      return false;
    }
  };
  if (!works('devspace', ['version'])) {
    paths.devspace = await writeStandIn(dir, 'devspace', DEVSPACE_STAND_IN);
    reasons.push('devspace (not installed): stand-in');
  }
  const probe = path.join(dir, 'tf-probe');
  fs.mkdirSync(probe);
  fs.writeFileSync(
    path.join(probe, 'main.tf'),
    'terraform {\n  required_providers {\n    google = {\n      source = "hashicorp/google"\n    }\n  }\n}\n',
  );
  if (!works('terraform', ['init', '-backend=false', '-input=false'], probe)) {
    paths.terraform = await writeStandIn(dir, 'terraform', TERRAFORM_STAND_IN);
    reasons.push(
      'terraform (cannot install the google provider here): stand-in',
    );
  }
  return { paths, reasons };
}

/** Who the kit runs templates as: `${{ user.ref }}` and `appliedBy` render as this ref. */
export const KIT_USER_REF = 'user:default/mx-template-check';

/** One file of a tree sent to or returned by the dry-run API. */
export interface DryRunFile {
  path: string;
  base64Content: string;
  executable?: boolean;
}

export interface DryRunResponse {
  status: number;
  /** Present when the run failed (HTTP error or a failed step). */
  error?: string;
  directoryContents: DryRunFile[];
  log: string[];
  output?: Record<string, unknown>;
}

export interface ScaffolderUnderTest {
  baseUrl: string;
  /**
   * Replaces what the scaffolder's catalog holds (e.g. the component of the project a grow
   * generator checks out, from the seed's catalog-info.yaml).
   */
  setCatalogEntities(entities: Entity[]): void;
  /** Ids of every action the scaffolder has registered. */
  listActions(): Promise<string[]>;
  /** One dry run at a time; the mx actions read the time `at` (default: the kit's clock). */
  dryRun(request: {
    template: unknown;
    at?: string;
    values: Record<string, unknown>;
    secrets?: Record<string, string>;
    directoryContents: DryRunFile[];
  }): Promise<DryRunResponse>;
  stop(): Promise<void>;
}

/**
 * Starts a real Backstage backend — the scaffolder plugin with the modules of packages/backend
 * (GitHub actions, our mx actions) — on 127.0.0.1 and a random port, with mocked auth, an in-memory database and
 * a quiet logger. The catalog the scaffolder and the actions read is an in-memory catalog
 * service whose entities the kit sets per dry run (the real catalog plugin processes entities
 * asynchronously, which would make each run wait for its processing loop).
 */
export async function startScaffolderUnderTest(
  options: {
    workingDirectory?: string;
    /** `mx.tools.<tool>.path` overrides (stand-ins for tools that cannot run here). */
    tools?: Record<string, { path: string }>;
  } = {},
): Promise<ScaffolderUnderTest> {
  let server: ExtendedHttpServer | undefined;
  const clock = new FixedClock(KIT_CLOCK);
  const clockFactory = createServiceFactory({
    service: mxClockServiceRef,
    deps: {},
    factory: () => clock,
  });
  // Dry runs one after the other: each sets the clock for its own actions.
  let dryRuns: Promise<unknown> = Promise.resolve();
  let catalog = catalogServiceMock({ entities: [] });
  // One catalog service for every plugin, whose content the kit swaps between runs
  const catalogProxy = new Proxy({} as typeof catalog, {
    get(_target, prop) {
      const value = (catalog as any)[prop];
      return typeof value === 'function' ? value.bind(catalog) : value;
    },
  });
  const catalogFactory = createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalogProxy,
  });

  // startTestBackend listens on every interface; the kit binds to the loopback only, so it
  // brings its own root router and the discovery that points at it.
  const rootHttpRouterFactory = createServiceFactory({
    service: coreServices.rootHttpRouter,
    deps: {
      config: coreServices.rootConfig,
      lifecycle: coreServices.rootLifecycle,
      rootLogger: coreServices.rootLogger,
      health: coreServices.rootHealth,
    },
    async factory({ config, lifecycle, rootLogger, health }) {
      const router = DefaultRootHttpRouter.create();
      const logger = rootLogger.child({ service: 'rootHttpRouter' });
      const app = express();
      const middleware = MiddlewareFactory.create({ config, logger });
      app.use(createHealthRouter({ config, health }));
      app.use(router.handler());
      app.use(middleware.notFound());
      app.use(middleware.error());
      const created = await createHttpServer(
        app,
        { listen: { host: '127.0.0.1', port: 0 } },
        { logger },
      );
      server = created;
      lifecycle.addShutdownHook(() => created.stop(), { logger });
      await created.start();
      return router;
    },
  });
  const discoveryFactory = createServiceFactory({
    service: coreServices.discovery,
    deps: { rootHttpRouter: coreServices.rootHttpRouter },
    async factory() {
      const port = server!.port();
      return HostDiscovery.fromConfig(
        new ConfigReader({
          backend: { baseUrl: `http://127.0.0.1:${port}`, listen: { port } },
        }),
      );
    },
  });

  // The service factories of startTestBackend (which itself listens on every interface).
  const backend = createSpecializedBackend({
    defaultServiceFactories: [
      mockServices.auth.factory(),
      mockServices.auditor.factory(),
      mockServices.cache.factory(),
      mockServices.database.factory(),
      mockServices.httpAuth.factory(),
      mockServices.httpRouter.factory(),
      mockServices.lifecycle.factory(),
      mockServices.logger.factory(),
      mockServices.permissions.factory(),
      mockServices.permissionsRegistry.factory(),
      mockServices.rootHealth.factory(),
      mockServices.rootLifecycle.factory(),
      mockServices.rootLogger.factory({
        level: (process.env.MX_CHECK_LOG_LEVEL as any) ?? 'none',
      }),
      mockServices.scheduler.factory(),
      mockServices.userInfo.factory(),
      mockServices.urlReader.factory(),
      mockServices.events.factory(),
      actionsRegistryServiceMock.factory(),
      actionsServiceMock.factory(),
      metricsServiceMock.factory(),
      tracingServiceMock.factory(),
      rootHttpRouterFactory,
      discoveryFactory,
      catalogFactory,
      clockFactory,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://127.0.0.1',
            ...(options.workingDirectory
              ? { workingDirectory: options.workingDirectory }
              : {}),
          },
          scaffolder: { concurrentTasksLimit: 0 },
          ...(options.tools ? { mx: { tools: options.tools } } : {}),
        },
      }),
    ],
  });
  // The scaffolder modules of packages/backend
  backend.add(scaffolderPlugin);
  backend.add(scaffolderModuleGithub);
  backend.add(mxActionsModule);
  await backend.start();

  const baseUrl = `http://127.0.0.1:${server!.port()}/api/scaffolder`;
  const authorization = mockCredentials.user.header(KIT_USER_REF);

  return {
    baseUrl,
    setCatalogEntities(entities) {
      catalog = catalogServiceMock({ entities });
    },
    async listActions() {
      const res = await fetch(`${baseUrl}/v2/actions`, {
        headers: { authorization },
      });
      if (!res.ok) {
        throw new Error(
          `GET /v2/actions failed: ${res.status} ${await res.text()}`,
        );
      }
      const body = (await res.json()) as Array<{ id: string }>;
      return body.map(a => a.id).sort();
    },
    dryRun({ at, ...request }) {
      const result = dryRuns.then(() => {
        clock.set(at ?? KIT_CLOCK);
        return postDryRun(request);
      });
      dryRuns = result.catch(() => undefined);
      return result;
    },
    async stop() {
      await backend.stop();
    },
  };

  async function postDryRun(
    request: Omit<Parameters<ScaffolderUnderTest['dryRun']>[0], 'at'>,
  ): Promise<DryRunResponse> {
    const res = await fetch(`${baseUrl}/v2/dry-run`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ ...request, secrets: request.secrets ?? {} }),
    });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const message =
        body?.error?.message ??
        (Array.isArray(body?.errors)
          ? body.errors
              .map((e: any) => e.stack ?? e.message ?? String(e))
              .join('; ')
          : text);
      return {
        status: res.status,
        error: `HTTP ${res.status}: ${message}`,
        directoryContents: [],
        log: [],
      };
    }
    const log = (body.log ?? []).map(
      (l: any) => `${l.body?.stepId ?? ''} ${l.body?.message ?? ''}`,
    );
    const failed = (body.log ?? []).find(
      (l: any) => l.body?.status === 'failed',
    );
    return {
      status: res.status,
      error: failed ? failed.body?.message : undefined,
      directoryContents: body.directoryContents ?? [],
      log,
      output: body.output,
    };
  }
}
