import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import plugin from './alpha';

describe('mx-project frontend plugin: scaffolder fields', () => {
  it('provides the MxRecordedAnswers form field to the scaffolder', async () => {
    const tester = createExtensionTester(
      plugin.getExtension('scaffolder-form-field:mx-project/recorded-answers'),
    );
    const load = tester.get(FormFieldBlueprint.dataRefs.formFieldLoader);
    // createFormField's opaque instance carries the options it was given.
    const field = (await load()) as unknown as { name: string };
    expect(field.name).toBe('MxRecordedAnswers');
  });
});
