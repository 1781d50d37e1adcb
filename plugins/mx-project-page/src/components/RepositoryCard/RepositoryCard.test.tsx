import { identityApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { mlProject } from '../../__testUtils__/fixtures';
import { RepositoryCard } from './RepositoryCard';

const LOCATION =
  'url:http://localhost:7007/api/mx-git-host/repos/fraud-detection/tree/main/catalog-info.yaml';

function render(
  annotations: Record<string, string>,
  token = 'backstage-token-123',
) {
  const identityApi = { getCredentials: jest.fn(async () => ({ token })) };
  const entity = mlProject(annotations);
  return {
    identityApi,
    rendered: renderInTestApp(
      <TestApiProvider apis={[[identityApiRef, identityApi as any]]}>
        <EntityProvider entity={entity}>
          <RepositoryCard />
        </EntityProvider>
      </TestApiProvider>,
    ),
  };
}

describe('RepositoryCard', () => {
  const writeText = jest.fn(async (_text: string) => undefined);
  beforeAll(() => {
    Object.assign(window.navigator, { clipboard: { writeText } });
  });

  it('shows the clone command and copies the token git asks for as the password', async () => {
    const { rendered } = render({
      'backstage.io/managed-by-location': LOCATION,
    });
    await rendered;
    expect(
      screen.getByText(
        'git clone http://localhost:7007/api/mx-git-host/repos/fraud-detection.git',
      ),
    ).toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: /Copy my token for git push/ }),
    );
    expect(
      await screen.findByText(/Copied. Paste it as the password./),
    ).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith('backstage-token-123');
  });

  it('offers no token for a GitHub repository', async () => {
    const { rendered } = render({
      'backstage.io/source-location':
        'url:https://github.com/acme/fraud-detection/tree/main/',
    });
    await rendered;
    expect(
      screen.getByText('git clone https://github.com/acme/fraud-detection.git'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Copy my token/ }),
    ).not.toBeInTheDocument();
  });
});
