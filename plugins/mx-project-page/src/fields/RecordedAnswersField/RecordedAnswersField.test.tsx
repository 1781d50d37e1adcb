import { screen } from '@testing-library/react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import type {
  GeneratorInfo,
  ProjectState,
} from '@mx-backstage/plugin-mx-common';
import { mxProjectApiRef } from '../../api';
import { STATE, fakeApi } from '../../__testUtils__/fixtures';
import { RecordedAnswersField } from './RecordedAnswersField';

const RECORDED = { workers: 8, gpusPerWorker: 4, gpuType: 'nvidia-tesla-a100' };
const STATE_WITH_TRAINING: ProjectState = {
  ...STATE,
  generators: {
    ...STATE.generators,
    'distributed-training': {
      version: '1.0.0',
      values: RECORDED,
      appliedAt: '2026-11-22T10:00:00.000Z',
      appliedBy: 'user:default/ada',
    },
  },
};
const INFO: GeneratorInfo = {
  id: 'distributed-training',
  templateRef: 'template:default/distributed-training',
  namespace: 'default',
  name: 'distributed-training',
  title: 'Distributed training',
  kind: 'capability',
  version: '1.0.0',
  requires: [],
  changelog: [],
  destructiveAnswers: [
    { key: 'gpuType', reason: 'the GPU node pool is replaced' },
  ],
  projectAnswers: [],
};

async function renderField(formData: Record<string, unknown>) {
  const api = fakeApi({
    getState: async () => ({ url: 'u', state: STATE_WITH_TRAINING }),
    listGenerators: async () => [INFO],
  });
  const props = {
    uiSchema: { 'ui:options': { generator: 'distributed-training' } },
    formContext: { formData },
    onChange: jest.fn(),
    schema: { type: 'string' },
  } as any;
  await renderInTestApp(
    <TestApiProvider apis={[[mxProjectApiRef, api]]}>
      <RecordedAnswersField {...props} />
    </TestApiProvider>,
  );
  return { api, props };
}

describe('RecordedAnswersField', () => {
  it('says the form holds the recorded answers when nothing differs', async () => {
    await renderField({ project: 'component:default/churn', ...RECORDED });
    expect(
      await screen.findByRole('region', { name: 'Recorded answers' }),
    ).toHaveTextContent(
      'component:default/churn applied Distributed training 1.0.0 on 2026-11-22 by user:default/ada. The form holds its recorded answers',
    );
    expect(screen.queryByText('Load the recorded answers')).toBeNull();
  });

  it('lists the answers a Create-page run would change, destructive ones called out, and loads the recorded ones', async () => {
    // As the Create page opens: the template defaults, with the project picked.
    await renderField({
      project: 'component:default/churn',
      workers: 2,
      gpusPerWorker: 4,
      gpuType: 'nvidia-l4',
    });
    const items = (await screen.findAllByRole('listitem')).map(
      li => li.textContent,
    );
    expect(items).toEqual([
      'workers: 8 → 2',
      'gpuType: nvidia-tesla-a100 → nvidia-l4 — destroys data: the GPU node pool is replaced',
    ]);
    const link = screen.getByText('Load the recorded answers').closest('a')!;
    const url = new URL(link.getAttribute('href')!, 'http://x');
    expect(url.pathname).toBe('/create/templates/default/distributed-training');
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      ...RECORDED,
      project: 'component:default/churn',
    });
  });

  it('shows nothing before a project is picked', async () => {
    const { api } = await renderField({});
    expect(screen.queryByRole('region')).toBeNull();
    expect(api.getState).not.toHaveBeenCalled();
  });
});
