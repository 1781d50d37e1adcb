import path from 'node:path';
import YAML from 'yaml';
import { findRepoRoot } from '../lib/paths';
import {
  ScaffolderUnderTest,
  startScaffolderUnderTest,
  toolStandIns,
} from '../scaffolder/testScaffolder';
import {
  TYPICAL_EDITS,
  TypicalEditsResult,
  formatTypicalEdits,
  renderGeneratorChain,
  runTypicalEdits,
} from './typicalEdits';

// Renders the whole generator chain through a real scaffolder.
jest.setTimeout(300_000);

describe('typical edits, then every grow generator', () => {
  let scaffolder: ScaffolderUnderTest;
  let result: TypicalEditsResult;

  beforeAll(async () => {
    const standIns = await toolStandIns();
    scaffolder = await startScaffolderUnderTest({ tools: standIns.paths });
    const steps = await renderGeneratorChain(
      scaffolder,
      path.join(findRepoRoot(__dirname), 'templates'),
    );
    result = runTypicalEdits(steps);
    // The figures for the closing note and for anyone changing the merge.
    // eslint-disable-next-line no-console
    console.log(formatTypicalEdits(result));
  });
  afterAll(() => scaffolder?.stop());

  it('makes at least ten everyday edits across catalog-info, devspace, cloudbuild and a manifest', () => {
    expect(result.edits.length).toBeGreaterThanOrEqual(10);
    expect(new Set(result.edits.map(e => e.file))).toEqual(
      new Set([
        'catalog-info.yaml',
        'devspace.yaml',
        'cloudbuild.yaml',
        'infrastructure/kubernetes/mlflow/mlflow.yaml',
      ]),
    );
  });

  it('leaves no needless conflict with the structural merge, and every edit is still there', () => {
    expect(result.structural.conflicts).toEqual([]);
    for (const e of TYPICAL_EDITS) {
      const text = result.structural.files.get(e.file)!;
      expect({ edit: e.title, kept: e.present(text) }).toEqual({
        edit: e.title,
        kept: true,
      });
    }
  });

  it("ends with exactly the last render plus the user's edits in every edited file", () => {
    // The same edits made on the final render, as if the user had waited for every generator.
    for (const file of new Set(TYPICAL_EDITS.map(e => e.file))) {
      let expected = result.lastRender.get(file)!;
      for (const e of TYPICAL_EDITS.filter(x => x.file === file)) {
        expected = e.edit(expected);
      }
      const data = (text: string) =>
        YAML.parseAllDocuments(text).map(d => d.toJS());
      expect({ file, data: data(result.structural.files.get(file)!) }).toEqual({
        file,
        data: data(expected),
      });
    }
  });

  it('is a scenario the line merge could not handle (so the figures mean something)', () => {
    expect(result.line.conflicts.length).toBeGreaterThan(0);
  });
});
