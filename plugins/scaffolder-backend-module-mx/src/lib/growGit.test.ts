import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { projectEntity } from '../__testUtils__/growFixtures';
import { githubGitAuth, locateProjectRepo } from './growGit';

const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));

describe('locateProjectRepo', () => {
  it('reads the local git host from managed-by-location', () => {
    expect(
      locateProjectRepo(
        projectEntity({
          'backstage.io/managed-by-location':
            'url:http://localhost:7007/api/mx-git-host/repos/fraud-detection/blob/main/catalog-info.yaml',
        }),
        integrations,
      ),
    ).toEqual({
      host: 'local',
      remoteUrl:
        'http://localhost:7007/api/mx-git-host/repos/fraud-detection.git',
      branch: 'main',
      annotation: 'backstage.io/managed-by-location',
    });
  });

  it('prefers source-location and understands github.com tree URLs', () => {
    expect(
      locateProjectRepo(
        projectEntity({
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/fraud-detection/blob/release/catalog-info.yaml',
          'backstage.io/source-location':
            'url:https://github.com/acme/fraud-detection/tree/main/',
        }),
        integrations,
      ),
    ).toEqual({
      host: 'github',
      remoteUrl: 'https://github.com/acme/fraud-detection.git',
      branch: 'main',
      owner: 'acme',
      repo: 'fraud-detection',
      annotation: 'backstage.io/source-location',
    });
  });

  it('refuses hosts it cannot grow, naming the annotation', () => {
    const err = (() => {
      try {
        return locateProjectRepo(
          projectEntity({
            'backstage.io/managed-by-location':
              'url:https://gitlab.com/acme/fraud-detection/-/blob/main/catalog-info.yaml',
          }),
          integrations,
        );
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(
      'is neither on the MX local git host',
    );
  });
});

describe('githubGitAuth', () => {
  it('builds the Basic header git sends to GitHub and lists every form of the token to redact', () => {
    const { header, secrets } = githubGitAuth('ghs_abc123');
    const b64 = Buffer.from('x-access-token:ghs_abc123').toString('base64');
    expect(header).toBe(`Authorization: Basic ${b64}`);
    expect(secrets).toEqual(['ghs_abc123', b64]);
  });
});
