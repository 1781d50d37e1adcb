import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { answersConventionProblems } from './answersConventions';

const repoRoot = path.resolve(__dirname, '../../..');

function load(name: string) {
  const entity = YAML.parse(
    fs.readFileSync(
      path.join(repoRoot, 'templates', name, 'template.yaml'),
      'utf8',
    ),
  );
  return {
    generatorId: entity.metadata.labels['mx.backstage.io/generator'],
    entity,
    steps: entity.spec.steps,
  };
}

describe('answersConventionProblems', () => {
  it.each([
    'distributed-training',
    'cvat-labeling',
    'deployment-infrastructure',
    'streamlit-app',
    'debug-pod',
    'sphinx-docs',
  ])('passes on %s', name => {
    expect(answersConventionProblems(load(name))).toEqual([]);
  });

  it('names a default that drifted from the form, a required answer and a step reading parameters', () => {
    const t = load('distributed-training');
    t.entity.spec.parameters[1].properties.workers.default = 4;
    t.entity.spec.parameters[1].required = ['gpuType'];
    const render = t.steps.find((s: any) => s.id === 'render');
    render.input.values.gpuType = '${{ parameters.gpuType }}';
    expect(answersConventionProblems(t)).toEqual([
      "mx:answers:resolve defaults.workers is 2 but the parameter's default is 4: make them equal",
      'gpuType is required on the page "Workers and GPUs": a re-run over the API could not leave it out to keep the recorded value; list it in mx:answers:resolve\'s required instead',
      'a step after mx:answers:resolve reads parameters.gpuType: use steps.answers.output.values.gpuType so a re-run keeps the recorded answer',
    ]);
  });

  it('says nothing about templates without the step', () => {
    expect(answersConventionProblems(load('seldon-serving'))).toEqual([]);
  });
});
