import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  FormFieldBlueprint,
  createFormField,
} from '@backstage/plugin-scaffolder-react/alpha';
import { isMxProject } from '@mx-backstage/plugin-mx-common';
import { MxProjectClient, mxProjectApiRef } from './api';

/** The mx-project backend client. */
const mxProjectApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mxProjectApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MxProjectClient({ discoveryApi, fetchApi }),
    }),
});

/** The "MX project" tab of `ml-project` components, at `/mx`. */
const mxProjectEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/mx',
    title: 'MX project',
    filter: isMxProject,
    loader: () =>
      import('./components/MxProjectContent').then(m => <m.MxProjectContent />),
  },
});

/** A summary card of the project on the entity overview page. */
const mxProjectEntityCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isMxProject,
    loader: () =>
      import('./components/MxProjectOverviewCard').then(m => (
        <m.MxProjectOverviewCard />
      )),
  },
});

/**
 * The project's MLflow experiments and runs as a card (the legacy `EntityMxMlflowCard`). The
 * "MX project" tab already shows it, so it is off by default; enable it for the overview page
 * with `app.extensions: [entity-card:mx-project/mlflow]`.
 */
const mxMlflowEntityCard = EntityCardBlueprint.make({
  name: 'mlflow',
  disabled: true,
  params: {
    filter: isMxProject,
    type: 'content',
    loader: () => import('./components/MlflowCard').then(m => <m.MlflowCard />),
  },
});

/**
 * `ui:field: MxRecordedAnswers` in a generator's form: the picked project's recorded answers,
 * the ones this run would change (destructive ones called out) and "Load the recorded answers".
 */
const mxRecordedAnswersField = FormFieldBlueprint.make({
  name: 'recorded-answers',
  params: {
    field: () =>
      import('./fields/RecordedAnswersField').then(m =>
        createFormField({
          name: 'MxRecordedAnswers',
          component: m.RecordedAnswersField as any,
        }),
      ),
  },
});

/**
 * The MX project page for the new frontend system: the "MX project" entity tab, an overview
 * card, an MLflow card (disabled by default), the API client and the `MxRecordedAnswers`
 * scaffolder field.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'mx-project',
  extensions: [
    mxProjectApi,
    mxProjectEntityContent,
    mxProjectEntityCard,
    mxMlflowEntityCard,
    mxRecordedAnswersField,
  ],
});
