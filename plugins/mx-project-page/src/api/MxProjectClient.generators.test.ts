import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import {
  MockFetchApi,
  mockApis,
  registerMswTestHooks,
} from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { MxProjectClient } from './MxProjectClient';

const server = setupServer();
const base = 'http://localhost:7007/api/mx-project';

describe('MxProjectClient.listGenerators', () => {
  registerMswTestHooks(server);

  const client = new MxProjectClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi(),
  });

  it('returns the generators the backend found in the catalog', async () => {
    server.use(
      http.get(`${base}/generators`, () =>
        HttpResponse.json({
          generators: [
            { id: 'cvat-labeling', title: 'CVAT', version: '1.1.0' },
          ],
        }),
      ),
    );
    await expect(client.listGenerators()).resolves.toEqual([
      { id: 'cvat-labeling', title: 'CVAT', version: '1.1.0' },
    ]);
  });

  it('throws a ResponseError when the backend fails', async () => {
    server.use(
      http.get(`${base}/generators`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'catalog down' } },
          { status: 500 },
        ),
      ),
    );
    await expect(client.listGenerators()).rejects.toBeInstanceOf(ResponseError);
  });
});
