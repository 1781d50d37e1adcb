import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
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
import UpgradeIcon from '@material-ui/icons/Update';
import {
  MxProjectClient,
  MxUpgradesClient,
  mxProjectApiRef,
  mxUpgradesApiRef,
} from './api';

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

/** The client of the catalog-wide upgrades view. */
const mxUpgradesApi = ApiBlueprint.make({
  name: 'upgrades',
  params: defineParams =>
    defineParams({
      api: mxUpgradesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MxUpgradesClient({ discoveryApi, fetchApi }),
    }),
});

/** The route of the upgrades page (a page needs one to be listed in the app's navigation). */
const upgradesPageRouteRef = createRouteRef();

/** The catalog-wide upgrades page at `/mx/upgrades`, in the sidebar as "MX upgrades". */
const mxUpgradesPage = PageBlueprint.make({
  name: 'upgrades',
  params: {
    path: '/mx/upgrades',
    title: 'MX upgrades',
    icon: <UpgradeIcon />,
    routeRef: upgradesPageRouteRef,
    noHeader: true,
    loader: () =>
      import('./components/UpgradesPage').then(m => <m.UpgradesPage />),
  },
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
 * card, an MLflow card (disabled by default), the API clients, the `MxRecordedAnswers`
 * scaffolder field and the "MX upgrades" page.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'mx-project',
  routes: { upgrades: upgradesPageRouteRef },
  extensions: [
    mxProjectApi,
    mxUpgradesApi,
    mxUpgradesPage,
    mxProjectEntityContent,
    mxProjectEntityCard,
    mxMlflowEntityCard,
    mxRecordedAnswersField,
  ],
});
