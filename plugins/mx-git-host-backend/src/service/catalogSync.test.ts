import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { catalogInfoUrl, registerMissingLocations } from './catalogSync';
import { RepoStore } from './repoStore';

const BASE = 'http://localhost:7007/api/mx-git-host';

function commitInto(
  store: RepoStore,
  name: string,
  files: Record<string, string>,
  work: string,
) {
  fs.mkdirSync(work, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: work,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    });
  git('init', '--quiet', '--initial-branch=main');
  for (const [file, text] of Object.entries(files))
    fs.writeFileSync(path.join(work, file), text);
  git('add', '.');
  git('commit', '--quiet', '-m', 'first');
  git('push', '--quiet', store.dir(name), 'HEAD:refs/heads/main');
}

describe('registerMissingLocations', () => {
  const dir = createMockDirectory();

  it('registers repositories with a catalog-info.yaml that the catalog does not know, and only those', async () => {
    const store = new RepoStore(path.join(dir.path, 'repos'));
    for (const name of ['alpha', 'beta', 'gamma', 'empty'])
      await store.create(name, {});
    commitInto(
      store,
      'alpha',
      { 'catalog-info.yaml': 'kind: Component\n' },
      path.join(dir.path, 'a'),
    );
    commitInto(
      store,
      'beta',
      { 'README.md': 'no catalog file\n' },
      path.join(dir.path, 'b'),
    );
    commitInto(
      store,
      'gamma',
      { 'catalog-info.yaml': 'kind: Component\n' },
      path.join(dir.path, 'c'),
    );

    const catalog = catalogServiceMock.mock({
      getLocations: jest.fn().mockResolvedValue({
        items: [
          {
            id: '1',
            type: 'url',
            target: catalogInfoUrl(BASE, 'gamma', 'main'),
          },
        ],
      }),
      addLocation: jest.fn(async (location: any) => ({
        location: { id: '2', ...location },
        entities: [],
      })),
    });
    const registered = await registerMissingLocations({
      store,
      catalog,
      auth: mockServices.auth(),
      baseUrl: BASE,
      logger: mockServices.logger.mock(),
    });

    expect(registered).toEqual([
      `${BASE}/repos/alpha/tree/main/catalog-info.yaml`,
    ]);
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      {
        type: 'url',
        target: `${BASE}/repos/alpha/tree/main/catalog-info.yaml`,
      },
      expect.anything(),
    );
  });
});
