import { projectLocation, projectRepository } from './repository';

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

describe('projectLocation', () => {
  const managedBy =
    'url:http://localhost:7007/api/mx-git-host/repos/fraud-detection/tree/main/catalog-info.yaml';
  it('prefers the source location (a folder) over the managed-by location', () => {
    expect(
      projectLocation({
        'backstage.io/source-location':
          'url:https://github.com/acme/fraud/tree/main/',
        'backstage.io/managed-by-location': managedBy,
      }),
    ).toEqual({
      annotation: 'backstage.io/source-location',
      value: 'url:https://github.com/acme/fraud/tree/main/',
      url: 'https://github.com/acme/fraud/tree/main/',
      names: 'folder',
    });
  });

  it('falls back to the registered catalog-info file', () => {
    expect(
      projectLocation({ 'backstage.io/managed-by-location': managedBy }),
    ).toMatchObject({ names: 'file', url: managedBy.slice(4) });
  });

  it('reports a location that is not a URL without inventing one', () => {
    expect(
      projectLocation({ 'backstage.io/managed-by-location': 'file:/tmp/x' }),
    ).toMatchObject({ url: undefined, value: 'file:/tmp/x' });
    expect(projectLocation({})).toBeUndefined();
  });
});
