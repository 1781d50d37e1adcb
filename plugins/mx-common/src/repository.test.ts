import { projectRepository } from './repository';

describe('projectRepository', () => {
  it('finds a local git host repository from the registered catalog-info location', () => {
    expect(
      projectRepository({
        'backstage.io/managed-by-location':
          'url:http://localhost:7007/api/mx-git-host/repos/fraud-detection/tree/main/catalog-info.yaml',
      }),
    ).toEqual({
      cloneUrl:
        'http://localhost:7007/api/mx-git-host/repos/fraud-detection.git',
      localGitHost: true,
    });
  });

  it('prefers the source location and reads GitHub URLs', () => {
    expect(
      projectRepository({
        'backstage.io/source-location':
          'url:https://github.com/acme/fraud-detection/tree/main/',
        'backstage.io/managed-by-location':
          'url:http://localhost:7007/api/mx-git-host/repos/other/tree/main/catalog-info.yaml',
      }),
    ).toEqual({
      cloneUrl: 'https://github.com/acme/fraud-detection.git',
      localGitHost: false,
    });
  });

  it('falls back to the managed-by location when the source location is elsewhere', () => {
    expect(
      projectRepository({
        'backstage.io/source-location':
          'url:https://git.example.test/acme/x/tree/main/',
        'backstage.io/managed-by-location':
          'url:http://localhost:7007/api/mx-git-host/repos/x/tree/main/catalog-info.yaml',
      })?.cloneUrl,
    ).toBe('http://localhost:7007/api/mx-git-host/repos/x.git');
  });

  it('says nothing for locations it does not know', () => {
    expect(
      projectRepository({
        'backstage.io/managed-by-location': 'file:/tmp/x.yaml',
      }),
    ).toBeUndefined();
    expect(projectRepository(undefined)).toBeUndefined();
  });
});
