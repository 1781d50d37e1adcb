import {
  failures,
  goldenTree,
  replaceOnce,
  runTreeCheck,
  withEdit,
} from '../__testUtils__/goldens';
import { publicRoutesIap } from './publicRoutesIap';

const INGRESS = 'infrastructure/kubernetes/ingress/ingress.yaml';
const IAP = `  iap:
    enabled: true
    oauthclientCredentials:
      secretName: iap-oauth-client
`;

describe('publicRoutesIap', () => {
  it.each([
    ['deployment-infrastructure', 'maximal'],
    ['deployment-infrastructure', 'minimal'],
  ])('passes on the %s %s golden', async (template, fixture) => {
    const rows = await runTreeCheck(
      publicRoutesIap,
      await goldenTree(template, fixture),
    );
    expect(rows.map(r => [r.file, r.status])).toEqual([[INGRESS, 'pass']]);
  });

  it('does not apply to a project with no public route', async () => {
    expect(
      await runTreeCheck(
        publicRoutesIap,
        await goldenTree('ml-project', 'minimal'),
      ),
    ).toEqual([]);
  });

  it('fails when the ingress BackendConfig does not enable IAP', async () => {
    const tree = withEdit(
      await goldenTree('deployment-infrastructure', 'maximal'),
      INGRESS,
      t => replaceOnce(t, IAP, ''),
    );
    const [row] = failures(await runTreeCheck(publicRoutesIap, tree));
    expect(row.file).toBe(INGRESS);
    expect(row.message).toBe(
      'Ingress ingress routes to Service istio-ingressgateway, public without sign-in: BackendConfig istio-ingressgateway does not enable Identity-Aware Proxy; add spec.iap: {enabled: true, oauthclientCredentials: {secretName: <secret with client_id and client_secret>}}',
    );
  });

  it('fails when IAP has no OAuth client secret', async () => {
    const tree = withEdit(
      await goldenTree('deployment-infrastructure', 'maximal'),
      INGRESS,
      t => replaceOnce(t, '      secretName: iap-oauth-client\n', '      {}\n'),
    );
    const [row] = failures(await runTreeCheck(publicRoutesIap, tree));
    expect(row.message).toMatch(/without an OAuth client/);
  });

  it('fails when the gateway Service names no BackendConfig', async () => {
    const tree = withEdit(
      await goldenTree('deployment-infrastructure', 'maximal'),
      'devspace.yaml',
      t =>
        replaceOnce(
          t,
          `            cloud.google.com/backend-config: '{"default": "istio-ingressgateway"}'\n`,
          '',
        ),
    );
    const [row] = failures(await runTreeCheck(publicRoutesIap, tree));
    expect(row.message).toMatch(
      /the Service of Helm release istio-ingressgateway .* names no BackendConfig/,
    );
  });

  it('fails on a public LoadBalancer Service, which IAP cannot guard', async () => {
    const tree = withEdit(
      await goldenTree('deployment-infrastructure', 'maximal'),
      'devspace.yaml',
      t =>
        replaceOnce(
          t,
          '          type: ClusterIP\n',
          '          type: LoadBalancer\n',
        ),
    );
    const rows = failures(await runTreeCheck(publicRoutesIap, tree));
    expect(rows.map(r => r.message)).toContainEqual(
      expect.stringMatching(/is a public LoadBalancer/),
    );
  });
});
