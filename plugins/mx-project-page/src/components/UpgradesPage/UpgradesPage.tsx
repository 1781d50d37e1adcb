import { useState } from 'react';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { mxUpgradesApiRef } from '../../api';
import { GeneratorUpgradesCard } from './GeneratorUpgradesCard';
import { RunResults } from './RunResults';
import { Run, nameOf } from './upgradeRefs';

/**
 * The catalog-wide upgrades view: per generator, the ML projects whose recorded version is older
 * than the catalog's template, with what changed; select projects and upgrade them in one go (one
 * scaffolder task, so one commit or pull request, per project). The result lists each project's
 * outcome and the files left in conflict; a failed project's repository is untouched.
 */
export const UpgradesPage = () => {
  const api = useApi(mxUpgradesApiRef);
  const list = useAsyncRetry(() => api.listUpgrades(), [api]);
  const [run, setRun] = useState<Run | undefined>();

  return (
    <Page themeId="tool">
      <Header
        title="MX upgrades"
        subtitle="Projects whose generators are older than the templates in the catalog"
      />
      <Content>
        <ContentHeader title="Outdated projects" />
        {run && (
          <RunResults
            run={run}
            onUpdate={setRun}
            onDone={list.retry}
            onClose={() => setRun(undefined)}
          />
        )}
        {list.loading && !list.value && <Progress />}
        {list.error && <ResponseErrorPanel error={list.error} />}
        {list.value && list.value.generators.length === 0 && (
          <EmptyState
            missing="content"
            title="Every project is up to date"
            description="No ML project recorded an older version of a generator than the catalog's template."
          />
        )}
        {list.value?.generators.map(g => (
          <GeneratorUpgradesCard
            key={g.generator.id}
            upgrades={g}
            running={Boolean(
              run && run.results.some(r => r.status === 'running'),
            )}
            onStarted={started =>
              setRun({
                ...started,
                results: started.tasks.map(t => ({
                  taskId: t.taskId,
                  entityRef: t.entityRef,
                  status: 'running',
                  conflicts: [],
                })),
              })
            }
          />
        ))}
        {list.value && list.value.unreadable.length > 0 && (
          <Typography variant="body2" color="textSecondary">
            Not checked (state unreadable):{' '}
            {list.value.unreadable
              .map(u => `${nameOf(u.entityRef)} (${u.message})`)
              .join('; ')}
          </Typography>
        )}
      </Content>
    </Page>
  );
};
