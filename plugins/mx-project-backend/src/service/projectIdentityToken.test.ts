import { OAuth2Client } from 'google-auth-library';
import { parseState } from '@mx-backstage/plugin-mx-common';
import type { Entity } from '@backstage/catalog-model';
import {
  IamCredentialsStandIn,
  impersonatedTokenFor,
  startIamCredentialsStandIn,
} from '../testing/iamCredentialsStandIn';
import { VALID_STATE_YAML } from '../testing/fixtures';
import {
  CLOUD_PLATFORM_SCOPE,
  impersonatedClusterTokenProvider,
} from './projectIdentityToken';

const BACKEND_TOKEN = 'backend-adc-token';
const OPERATOR = 'churn-operator@acme-churn-42.iam.gserviceaccount.com';

/** The backend's own credentials, as ADC would give them (a valid access token). */
function backendCredentials() {
  const client = new OAuth2Client();
  client.setCredentials({
    access_token: BACKEND_TOKEN,
    expiry_date: Date.now() + 3_600_000,
  });
  return client;
}

function stateWithOperator(serviceAccount?: string) {
  const state = parseState(VALID_STATE_YAML);
  if (serviceAccount) {
    state.infrastructure.outputs.operator_service_account = serviceAccount;
  }
  return state;
}

const cluster = { endpoint: 'https://34.1.2.3' };
const entity = {} as Entity;

describe('impersonatedClusterTokenProvider (IAM Credentials stand-in)', () => {
  let iam: IamCredentialsStandIn;
  beforeEach(async () => {
    iam = await startIamCredentialsStandIn({
      callerToken: BACKEND_TOKEN,
      grants: [OPERATOR],
    });
  });
  afterEach(() => iam.close());

  const provider = (lifetimeSeconds = 900) =>
    impersonatedClusterTokenProvider({
      endpoint: iam.url,
      sourceClient: backendCredentials(),
      lifetimeSeconds,
    });

  it("sends the cluster a token of the project's operator account, asked for with the backend's token", async () => {
    const token = await provider().token({
      entity,
      cluster,
      state: stateWithOperator(OPERATOR),
    });
    expect(token).toBe(impersonatedTokenFor(OPERATOR));
    expect(iam.requests).toEqual([
      {
        serviceAccount: OPERATOR,
        authorization: `Bearer ${BACKEND_TOKEN}`,
        body: {
          scope: [CLOUD_PLATFORM_SCOPE],
          lifetime: '900s',
          delegates: [],
        },
      },
    ]);
  });

  it('reuses the token until it is about to expire', async () => {
    const tokens = provider();
    const state = stateWithOperator(OPERATOR);
    await Promise.all([
      tokens.token({ entity, cluster, state }),
      tokens.token({ entity, cluster, state }),
    ]);
    await tokens.token({ entity, cluster, state });
    expect(iam.requests).toHaveLength(1);

    // A token that expires within the client's refresh margin (5 min) is asked for again.
    iam.expiresInSeconds = 60;
    const shortLived = provider();
    await shortLived.token({ entity, cluster, state });
    await shortLived.token({ entity, cluster, state });
    expect(iam.requests).toHaveLength(3);
  });

  it('refuses an operator account of another GCP project without asking IAM', async () => {
    await expect(
      provider().token({
        entity,
        cluster,
        state: stateWithOperator(
          'churn-operator@other-client-7.iam.gserviceaccount.com',
        ),
      }),
    ).rejects.toThrow(
      /belongs to GCP project other-client-7, not to acme-churn-42/,
    );
    expect(iam.requests).toHaveLength(0);
  });

  it('explains a project without an operator account yet', async () => {
    await expect(
      provider().token({ entity, cluster, state: stateWithOperator() }),
    ).rejects.toThrow(/has no operator service account yet/);
  });

  it('names the missing grant when the backend may not impersonate the account', async () => {
    const other = 'fraud-operator@acme-churn-42.iam.gserviceaccount.com';
    await expect(
      provider().token({ entity, cluster, state: stateWithOperator(other) }),
    ).rejects.toThrow(
      new RegExp(
        `could not impersonate ${other}.*iam.serviceAccounts.getAccessToken.*roles/iam.serviceAccountTokenCreator on ${other}`,
      ),
    );
  });
});
