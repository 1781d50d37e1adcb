import {
  recordedAnswers,
  changesSince,
  compareVersions,
  generatorInfoFromTemplate,
  isGeneratorTemplate,
  isUpgradeAvailable,
  parseChangelog,
  parseDestructiveAnswers,
} from './generators';
import { outdatedProjects, upgradeValues } from './upgrades';

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'cvat-labeling',
    title: 'CVAT labeling tool',
    description: 'CVAT on the cluster',
    labels: { 'mx.backstage.io/generator': 'cvat-labeling' },
    annotations: {
      'mx.backstage.io/generator-version': '1.2.0',
      'mx.backstage.io/requires': 'deployment-infrastructure, cloudbuild',
      'mx.backstage.io/changelog':
        '1.2.0: Backups of the CVAT disk\n1.1.0: Pinned CVAT 2.21\n  and its chart\n1.0.0: First version',
      'mx.backstage.io/destructive-answers':
        'diskSizeGb: a disk cannot shrink; a smaller size recreates it\ndomain',
    },
  },
  spec: { type: 'ml-project-capability' },
};

describe('generatorInfoFromTemplate', () => {
  it('reads id, title, version, prerequisites, changelog and destructive answers', () => {
    expect(isGeneratorTemplate(template)).toBe(true);
    expect(generatorInfoFromTemplate(template)).toEqual({
      id: 'cvat-labeling',
      templateRef: 'template:default/cvat-labeling',
      namespace: 'default',
      name: 'cvat-labeling',
      title: 'CVAT labeling tool',
      description: 'CVAT on the cluster',
      kind: 'capability',
      version: '1.2.0',
      requires: ['deployment-infrastructure', 'cloudbuild'],
      changelog: [
        { version: '1.2.0', text: 'Backups of the CVAT disk' },
        { version: '1.1.0', text: 'Pinned CVAT 2.21 and its chart' },
        { version: '1.0.0', text: 'First version' },
      ],
      destructiveAnswers: [
        {
          key: 'diskSizeGb',
          reason: 'a disk cannot shrink; a smaller size recreates it',
        },
        { key: 'domain' },
      ],
      projectAnswers: [],
    });
  });

  it('tells operations and the project skeleton from capabilities', () => {
    expect(
      generatorInfoFromTemplate({
        ...template,
        spec: { type: 'ml-project-operation' },
      }).kind,
    ).toBe('operation');
    expect(
      generatorInfoFromTemplate({ ...template, spec: { type: 'ml-project' } })
        .kind,
    ).toBe('project');
  });

  it('is not fooled by unlabelled templates', () => {
    expect(
      isGeneratorTemplate({
        ...template,
        metadata: { ...template.metadata, labels: {} },
      }),
    ).toBe(false);
  });
});

describe('versions', () => {
  it('compares numerically, not as text', () => {
    expect(compareVersions('1.10.0', '1.9.3')).toBeGreaterThan(0);
    expect(isUpgradeAvailable('1.10.0', '1.9.3')).toBe(true);
    expect(isUpgradeAvailable('1.0.0', '1.0.0')).toBe(false);
    expect(isUpgradeAvailable('1.0.0', '1.1.0')).toBe(false);
    expect(isUpgradeAvailable(undefined, '1.0.0')).toBe(false);
  });

  it('lists what changed since the recorded version', () => {
    const info = generatorInfoFromTemplate(template);
    expect(changesSince(info, '1.0.0').map(e => e.version)).toEqual([
      '1.2.0',
      '1.1.0',
    ]);
    expect(changesSince(info, '1.2.0')).toEqual([]);
  });

  it('reads a JSON changelog and key lists', () => {
    expect(parseChangelog('{"2.0.0": "New", "1.0.0": "Old"}')).toEqual([
      { version: '2.0.0', text: 'New' },
      { version: '1.0.0', text: 'Old' },
    ]);
    expect(parseDestructiveAnswers('gpuType, diskSizeGb')).toEqual([
      { key: 'gpuType' },
      { key: 'diskSizeGb' },
    ]);
  });
});

describe('recordedAnswers', () => {
  const state = {
    project: { name: 'churn', baseDomain: 'labs.example.com' },
    generators: {
      'deployment-infrastructure': { values: { dnsZone: 'labs-example-com' } },
    },
  };
  it('adds the project answers the generator asks for to its own values', () => {
    expect(
      recordedAnswers(state, 'deployment-infrastructure', ['baseDomain']),
    ).toEqual({
      baseDomain: 'labs.example.com',
      dnsZone: 'labs-example-com',
    });
    expect(recordedAnswers(state, 'deployment-infrastructure')).toEqual({
      dnsZone: 'labs-example-com',
    });
  });
  it('is undefined for a generator never applied', () => {
    expect(
      recordedAnswers(state, 'cvat-labeling', ['baseDomain']),
    ).toBeUndefined();
  });
});

describe('outdatedProjects and upgradeValues', () => {
  const info = generatorInfoFromTemplate({
    kind: 'Template',
    metadata: {
      name: 'ml-project-next',
      labels: { 'mx.backstage.io/generator': 'ml-project' },
      annotations: {
        'mx.backstage.io/generator-version': '1.2.0',
        'mx.backstage.io/changelog':
          '1.2.0: Private cluster\n1.1.0: Artifact versioning\n1.0.0: First',
        'mx.backstage.io/project-answers': 'name region',
      },
    },
    spec: { type: 'ml-project' },
  });
  const project = (name: string, version?: string) => {
    const generators: Record<
      string,
      { version: string; values: Record<string, unknown> }
    > = {};
    if (version) generators['ml-project'] = { version, values: { extra: 1 } };
    return {
      entityRef: `component:default/${name}`,
      title: name,
      state: {
        project: { name, region: 'europe-west4', client: 'Acme' },
        generators,
      },
    };
  };

  it('lists the projects that recorded an older version, with the changes since theirs', () => {
    const outdated = outdatedProjects(info, [
      project('b-current', '1.2.0'),
      project('c-old', '1.0.0'),
      project('a-newer-than-1.0', '1.1.0'),
      project('d-not-applied'),
    ]);
    expect(
      outdated.map(p => [
        p.title,
        p.recordedVersion,
        p.changes.map(c => c.version),
      ]),
    ).toEqual([
      ['a-newer-than-1.0', '1.1.0', ['1.2.0']],
      ['c-old', '1.0.0', ['1.2.0', '1.1.0']],
    ]);
  });

  it('sends the recorded answers and the project, as the Re-run link does', () => {
    expect(
      upgradeValues(
        project('c-old', '1.0.0').state,
        info,
        'component:default/c-old',
      ),
    ).toEqual({
      name: 'c-old',
      region: 'europe-west4',
      extra: 1,
      project: 'component:default/c-old',
    });
  });
});
