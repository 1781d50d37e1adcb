import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  describeAnswerChanges,
  destructiveChanges,
  generatorTemplateUrl,
  recordedAnswers,
  resolveAnswers,
} from '@mx-backstage/plugin-mx-common';
import useAsync from 'react-use/esm/useAsync';
import { mxProjectApiRef } from '../../api';
import { isNotFound } from '../../components/helpers';

/** `ui:options` of the field. */
export type RecordedAnswersOptions = {
  /** the generator id (the template's `mx.backstage.io/generator` label) */
  generator: string;
  /** the form field holding the project's entity ref (default `project`) */
  projectField?: string;
};

/**
 * `ui:field: MxRecordedAnswers` — placed in a generator's answers step, it compares the form with
 * the answers the picked project recorded for this generator (`.mx/state.yaml`): it lists each
 * answer the run would change (`workers: 8 → 2`), calls out the ones that destroy data, and
 * offers to load the recorded answers into the form. Its own value is never set.
 */
export const RecordedAnswersField = (
  props: FieldExtensionComponentProps<string, RecordedAnswersOptions>,
) => {
  const api = useApi(mxProjectApiRef);
  const options =
    props.uiSchema?.['ui:options'] ?? ({} as RecordedAnswersOptions);
  const generator = options.generator;
  const formData = (props.formContext?.formData ?? {}) as Record<
    string,
    unknown
  >;
  const projectRef = formData[options.projectField ?? 'project'];

  const { value, loading, error } = useAsync(async () => {
    if (typeof projectRef !== 'string' || !projectRef || !generator) {
      return undefined;
    }
    const ref = parseEntityRef(projectRef, { defaultKind: 'component' });
    const [{ state }, generators] = await Promise.all([
      api.getState({ namespace: ref.namespace, name: ref.name }),
      api.listGenerators(),
    ]);
    const info = generators.find(g => g.id === generator);
    return {
      record: state.generators[generator],
      recorded: recordedAnswers(state, generator, info?.projectAnswers),
      info,
    };
  }, [api, projectRef, generator]);

  if (!generator) {
    return (
      <Typography color="error">
        MxRecordedAnswers needs `ui:options.generator` (the generator id).
      </Typography>
    );
  }
  if (typeof projectRef !== 'string' || !projectRef) return null;
  if (loading) return <Progress />;
  if (error) {
    return (
      <Typography variant="body2" color="textSecondary">
        {isNotFound(error)
          ? 'The project has no readable state: the answers are the template defaults.'
          : `Could not read the project's recorded answers: ${error.message}`}
      </Typography>
    );
  }
  const title = value?.info?.title ?? generator;
  const record = value?.record;
  if (!record) {
    return (
      <Typography variant="body2" color="textSecondary">
        {projectRef} has not applied {title} yet: the answers are the template
        defaults.
      </Typography>
    );
  }

  const recorded = value?.recorded ?? record.values;
  const sent = Object.fromEntries(
    Object.keys(recorded).map(k => [k, formData[k]]),
  );
  const { changes } = resolveAnswers({ sent, recorded });
  const destroying = destructiveChanges(
    changes,
    value?.info?.destructiveAnswers ?? [],
  );
  const destroyingKeys = new Set(destroying.map(d => d.key));
  // A full page load: the scaffolder reads `formData` from the URL only when the form opens.
  const recordedUrl = generatorTemplateUrl(
    value?.info?.name ?? generator,
    projectRef,
    value?.info?.namespace ?? 'default',
    recorded,
  );

  return (
    <Box role="region" aria-label="Recorded answers" mt={1} mb={1}>
      <Typography variant="body2">
        {projectRef} applied {title} {record.version} on{' '}
        {record.appliedAt.slice(0, 10)} by {record.appliedBy}.{' '}
        {changes.length === 0
          ? 'The form holds its recorded answers: running it changes nothing you answered.'
          : 'This run changes recorded answers:'}
      </Typography>
      {changes.length > 0 && (
        <ul style={{ margin: '4px 0' }}>
          {changes.map(c => (
            <li key={c.key}>
              <Typography
                variant="body2"
                color={destroyingKeys.has(c.key) ? 'error' : 'initial'}
              >
                {describeAnswerChanges([c])[0]}
                {destroyingKeys.has(c.key)
                  ? ` — destroys data: ${
                      destroying.find(d => d.key === c.key)?.reason ??
                      'see the template'
                    }`
                  : ''}
              </Typography>
            </li>
          ))}
        </ul>
      )}
      {changes.length > 0 && (
        <Button href={recordedUrl} variant="outlined" size="small">
          Load the recorded answers
        </Button>
      )}
    </Box>
  );
};
