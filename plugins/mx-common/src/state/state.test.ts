import {
  PrerequisiteError,
  STATE_API_VERSION,
  StateFileError,
  mergeState,
  parseState,
  serializeState,
} from '.';
import { EXAMPLE_PROJECT } from '../testUtils';

const project = EXAMPLE_PROJECT;
const now = new Date('2026-11-28T10:00:00.000Z');
const created = () =>
  mergeState(undefined, {
    generator: { id: 'ml-project', version: '1.0.0' },
    project,
    deployments: { 'training-infrastructure': {}, 'cuda-drivers': {} },
    initiator: 'user:default/ada',
    now,
  }).state;

describe('mergeState', () => {
  it('creates a state with the project, the generator record and a per-project terraform backend', () => {
    const state = created();
    expect(state.project.gcpProjectId).toBe('acme-fraud-42');
    expect(state.generators['ml-project']).toEqual({
      version: '1.0.0',
      values: {},
      appliedAt: '2026-11-28T10:00:00.000Z',
      appliedBy: 'user:default/ada',
    });
    expect(state.infrastructure.backend).toEqual({
      bucket: 'acme-fraud-42-tfstate',
      prefix: 'mx/fraud-detection',
    });
    expect(Object.keys(state.deployments)).toEqual([
      'training-infrastructure',
      'cuda-drivers',
    ]);
    expect(state.deployments['cuda-drivers'].generator).toBe('ml-project');
  });

  it('keeps answers already in the state unless the input overrides them', () => {
    const base = created();
    const kept = mergeState(base, {
      generator: { id: 'cloudbuild', version: '1.0.0' },
      project: { region: 'us-central1' },
      initiator: 'user:default/bob',
      now,
    });
    expect(kept.state.project.region).toBe('europe-west4');
    expect(kept.kept).toEqual([
      { key: 'region', stateValue: 'europe-west4', inputValue: 'us-central1' },
    ]);
    const overridden = mergeState(base, {
      generator: { id: 'cloudbuild', version: '1.0.0' },
      project: { region: 'us-central1' },
      overrides: ['region'],
      initiator: 'user:default/bob',
      now,
    });
    expect(overridden.state.project.region).toBe('us-central1');
  });

  it('changes nothing when the same generator runs again with the same values', () => {
    const base = created();
    const again = mergeState(base, {
      generator: { id: 'ml-project', version: '1.0.0' },
      project,
      deployments: { 'training-infrastructure': {}, 'cuda-drivers': {} },
      initiator: 'user:default/bob',
      now: new Date('2026-12-01T00:00:00.000Z'),
    });
    expect(again.changed).toBe(false);
    expect(serializeState(again.state)).toBe(serializeState(base));
  });

  it('records a new application when the values change', () => {
    const base = created();
    const later = new Date('2026-12-01T00:00:00.000Z');
    const next = mergeState(base, {
      generator: { id: 'ml-project', version: '1.1.0' },
      initiator: 'user:default/bob',
      now: later,
    });
    expect(next.changed).toBe(true);
    expect(next.state.generators['ml-project'].appliedBy).toBe(
      'user:default/bob',
    );
  });

  it('refuses a generator whose prerequisite is missing and names what to run first', () => {
    expect(() =>
      mergeState(created(), {
        generator: {
          id: 'seldon-serving',
          version: '1.0.0',
          requires: ['deployment-infrastructure'],
        },
        initiator: 'user:default/ada',
        now,
      }),
    ).toThrow(
      new PrerequisiteError('seldon-serving', ['deployment-infrastructure']),
    );
  });

  it('refuses to create a state with invalid project answers', () => {
    expect(() =>
      mergeState(undefined, {
        generator: { id: 'ml-project', version: '1.0.0' },
        project: { ...project, gcpProjectId: 'Bad_Project' },
        initiator: 'user:default/ada',
        now,
      }),
    ).toThrow(/GCP project id/);
  });
});

describe('parseState / serializeState', () => {
  it('round-trips and serializes with a stable key order', () => {
    const state = created();
    const text = serializeState(state);
    expect(parseState(text)).toEqual(state);
    expect(text.indexOf('apiVersion')).toBeLessThan(text.indexOf('project:'));
    expect(text.indexOf('project:')).toBeLessThan(text.indexOf('generators:'));
    expect(serializeState(parseState(text))).toBe(text);
  });

  it('names the file, line and path of an invalid value', () => {
    const text = serializeState(created()).replace(
      'gcpProjectId: acme-fraud-42',
      'gcpProjectId: Acme_Fraud',
    );
    const line = text.split('\n').findIndex(l => l.includes('Acme_Fraud')) + 1;
    let error: StateFileError | undefined;
    try {
      parseState(text, 'repo/.mx/state.yaml');
    } catch (e) {
      error = e as StateFileError;
    }
    expect(error).toBeInstanceOf(StateFileError);
    expect(error!.file).toBe('repo/.mx/state.yaml');
    expect(error!.line).toBe(line);
    expect(error!.path).toBe('project.gcpProjectId');
    expect(error!.message).toMatch(
      /^repo\/\.mx\/state\.yaml, line \d+, at 'project.gcpProjectId': a GCP project id/,
    );
  });

  it('reports broken YAML with its line', () => {
    expect(() => parseState('apiVersion: x\nproject: [unclosed\n')).toThrow(
      /\.mx\/state\.yaml, line \d+: not valid YAML/,
    );
  });

  it('refuses a state written by a newer MX instead of rewriting it', () => {
    const text = serializeState(created()).replace(
      STATE_API_VERSION,
      'mx.backstage.io/v2',
    );
    expect(() => parseState(text)).toThrow(
      /apiVersion 'mx.backstage.io\/v2' is not supported by this release/,
    );
  });

  it('reads file records with and without the merge that last ran, and refuses an unknown merge', () => {
    const hash = 'a'.repeat(64);
    const state = {
      ...created(),
      files: {
        'catalog-info.yaml': { mode: 'managed' as const, sha256: hash },
        'devspace.yaml': {
          mode: 'managed' as const,
          sha256: hash,
          merge: 'structural' as const,
        },
      },
    };
    const text = serializeState(state);
    expect(text).toContain(
      `  devspace.yaml:\n    merge: structural\n    mode: managed\n`,
    );
    const read = parseState(text);
    expect(read.files['catalog-info.yaml']).toEqual({
      mode: 'managed',
      sha256: hash,
    });
    expect(read.files['devspace.yaml'].merge).toBe('structural');
    expect(() =>
      parseState(text.replace('merge: structural', 'merge: magic')),
    ).toThrow(/files\.devspace\.yaml\.merge/);
  });

  it('rejects unknown keys so typos in hand edits surface', () => {
    const text = serializeState(created()).replace(
      'region: europe-west4',
      'region: europe-west4\n  regoin: us-east1',
    );
    expect(() => parseState(text)).toThrow(/unknown key\(s\) 'regoin'/);
  });

  it('keeps an operator service account a platform admin names, right after the backend, and refuses a non-account', () => {
    const state = created();
    state.infrastructure.operatorServiceAccount =
      'fraud-detection-operator@acme-fraud-42.iam.gserviceaccount.com';
    const text = serializeState(state);
    expect(text).toContain(
      '    prefix: mx/fraud-detection\n  operatorServiceAccount: fraud-detection-operator@acme-fraud-42.iam.gserviceaccount.com\n',
    );
    expect(parseState(text).infrastructure.operatorServiceAccount).toBe(
      'fraud-detection-operator@acme-fraud-42.iam.gserviceaccount.com',
    );
    expect(() =>
      parseState(text.replace('.iam.gserviceaccount.com', '.example.com')),
    ).toThrow(/operatorServiceAccount.*service-account email/s);
  });
});
