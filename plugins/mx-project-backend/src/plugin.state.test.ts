import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createLocalPlanStore } from '@mx-backstage/plugin-scaffolder-backend-module-mx';
import type { PendingPlan } from '@mx-backstage/plugin-mx-common';
import path from 'node:path';
import fs from 'node:fs';
import {
  base,
  OUTSIDER,
  useMxProjectBackend,
} from './__testUtils__/mxProjectBackend';

describe('mx-project backend: project state, pending plan and access', () => {
  const t = useMxProjectBackend();

  describe('project state', () => {
    it('returns the validated .mx/state.yaml read from the source location', async () => {
      const res = await request(t.server()).get(`${base}/churn/state`);
      expect(res.status).toBe(200);
      expect(res.body.url).toBe(
        'https://git.example.test/acme/churn/tree/main/.mx/state.yaml',
      );
      expect(res.body.state.project.gcpProjectId).toBe('acme-churn-42');
      expect(Object.keys(res.body.state.generators).sort()).toEqual([
        'deployment-infrastructure',
        'ml-project',
      ]);
    });

    it('explains an invalid state file with the file, line and problem (422)', async () => {
      const res = await request(t.server()).get(`${base}/broken-state/state`);
      expect(res.status).toBe(422);
      expect(res.body.error.name).toBe('StateFileError');
      expect(res.body.error.message).toContain('.mx/state.yaml');
      expect(res.body.error.message).toMatch(/line \d+/);
      expect(res.body.error.message).toContain('project.region');
    });

    it('answers 404 with a reason when the repository has no state file', async () => {
      const res = await request(t.server()).get(`${base}/no-state/state`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('No .mx/state.yaml at');
    });

    it('reads the state next to the catalog-info.yaml the component was registered from', async () => {
      const res = await request(t.server()).get(`${base}/managed-only/state`);
      expect(res.status).toBe(200);
      expect(res.body.url).toBe(
        'http://127.0.0.1:7007/api/mx-git-host/repos/managed-only/blob/main/.mx/state.yaml',
      );
      expect(res.body.state.project.name).toBeDefined();
    });

    it('answers 404 when the entity has no source location', async () => {
      const res = await request(t.server()).get(`${base}/no-source/state`);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('backstage.io/source-location');
    });
  });

  describe('pending plan', () => {
    const saved: PendingPlan = {
      id: '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d',
      project: 'churn',
      entityRef: 'component:default/churn',
      createdAt: '2026-11-28T12:00:00.000Z',
      createdBy: 'user:default/ada',
      commit: 'a'.repeat(40),
      workingDirectory: 'infrastructure/terraform',
      configHash: 'b'.repeat(64),
      stateSerial: 4,
      stateLineage: 'lineage-1',
      planFileSha256: 'c'.repeat(64),
      add: 1,
      change: 0,
      destroy: 1,
      resources: [
        '+ google_storage_bucket.data (create)',
        '- google_storage_bucket.old (destroy)',
      ],
      rendered: '# google_storage_bucket.data will be created',
    };
    const location = {
      project: 'churn',
      bucket: 'acme-churn-42-tfstate',
      prefix: 'mx/churn',
    };

    it('has none until a plan run saves one', async () => {
      const res = await request(t.server()).get(`${base}/churn/plan`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({});
    });

    it("returns the project's pending plan with its expiry and the link that applies it", async () => {
      const planFile = path.join(t.plansDir, 'in.tfplan');
      fs.writeFileSync(planFile, 'PK');
      await createLocalPlanStore(t.plansDir).save(location, saved, planFile);
      const res = await request(t.server()).get(`${base}/churn/plan`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        plan: saved,
        expiresAt: '2026-11-29T00:00:00.000Z',
        applyUrl: `/create/templates/default/apply-infrastructure?formData=${encodeURIComponent(
          JSON.stringify({
            project: 'component:default/churn',
            planId: saved.id,
          }),
        )}`,
      });
    });

    it('shows nothing to someone who may not read the project', async () => {
      const res = await request(t.server())
        .get(`${base}/churn/plan`)
        .set('authorization', mockCredentials.user.header(OUTSIDER));
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('google_storage_bucket');
    });
  });

  describe('access control', () => {
    it.each([
      ['get', '/churn/state'],
      ['post', '/churn/mlflow/runs/search'],
      ['get', '/churn/endpoints'],
      ['get', '/churn/mlflow/metrics/history?runId=x&metricKey=rmse'],
    ])(
      '%s %s answers 404 to a caller who may not read the entity',
      async (method, route) => {
        const req =
          method === 'get'
            ? request(t.server()).get(`${base}${route}`)
            : request(t.server())
                .post(`${base}${route}`)
                .send({ experimentIds: ['1'] });
        const res = await req.set(
          'authorization',
          mockCredentials.user.header(OUTSIDER),
        );
        expect(res.status).toBe(404);
        expect(t.mlflow.requests).toHaveLength(0);
      },
    );

    it('answers 404 for an entity that does not exist', async () => {
      const res = await request(t.server()).get(`${base}/nope/state`);
      expect(res.status).toBe(404);
    });
  });
});
