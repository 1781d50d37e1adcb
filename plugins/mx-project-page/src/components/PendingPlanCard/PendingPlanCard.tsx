import {
  InfoCard,
  LinkButton,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  APPLY_INFRASTRUCTURE_TEMPLATE,
  generatorTemplateUrl,
} from '@mx-backstage/plugin-mx-common';
import useAsync from 'react-use/esm/useAsync';
import { mxProjectApiRef } from '../../api';
import { formatTime, isNotFound, projectRefOf } from '../helpers';
import { StateProblem } from '../StateProblem';

/**
 * The project's pending Terraform plan: what it adds, changes and destroys, the rendered plan,
 * what it was made from, and "Apply this plan" (which applies exactly that saved plan).
 */
export const PendingPlanCard = (props: { now?: () => Date }) => {
  const { entity } = useEntity();
  const api = useApi(mxProjectApiRef);
  const { value, loading, error } = useAsync(
    () => api.getPendingPlan(projectRefOf(entity)),
    [api, entity],
  );
  const title = 'Pending infrastructure plan';

  if (loading) return <Progress />;
  if (error) {
    return (
      <InfoCard title={title}>
        {isNotFound(error) ? (
          <StateProblem error={error} />
        ) : (
          <ResponseErrorPanel error={error} title="Could not read the plan" />
        )}
      </InfoCard>
    );
  }
  const planUrl = generatorTemplateUrl(
    APPLY_INFRASTRUCTURE_TEMPLATE,
    stringifyEntityRef(entity),
  );
  const plan = value?.plan;
  if (!plan) {
    return (
      <InfoCard title={title}>
        <Typography variant="body2" color="textSecondary" paragraph>
          No plan is waiting to be applied. "Plan infrastructure" saves a plan
          here for review; only a reviewed plan is ever applied.
        </Typography>
        <LinkButton
          size="small"
          variant="outlined"
          color="primary"
          to={planUrl}
        >
          Plan infrastructure
        </LinkButton>
      </InfoCard>
    );
  }

  const now = (props.now ?? (() => new Date()))();
  const expired =
    value.expiresAt !== undefined && new Date(value.expiresAt) < now;

  return (
    <InfoCard
      title={title}
      subheader={`Plan ${plan.id} made ${formatTime(plan.createdAt)} by ${
        plan.createdBy
      }`}
    >
      <Box display="flex" style={{ gap: 8 }} mb={2} aria-label="Plan summary">
        <Chip size="small" label={`${plan.add} to add`} color="primary" />
        <Chip size="small" label={`${plan.change} to change`} />
        <Chip
          size="small"
          label={`${plan.destroy} to destroy`}
          color={plan.destroy > 0 ? 'secondary' : 'default'}
        />
      </Box>
      <Typography variant="body2" paragraph>
        From commit <code>{plan.commit.slice(0, 12)}</code> of{' '}
        <code>{plan.workingDirectory}</code>, against Terraform state serial{' '}
        {plan.stateSerial ?? 'none (empty state)'}.{' '}
        {value.expiresAt &&
          (expired
            ? `It expired at ${formatTime(value.expiresAt)}.`
            : `Applicable until ${formatTime(value.expiresAt)}.`)}
      </Typography>
      <Box component="ul" aria-label="Resource changes" pl={2} mt={0}>
        {plan.resources.map(r => (
          <li key={r}>
            <code>{r}</code>
          </li>
        ))}
      </Box>
      <Accordion>
        <AccordionSummary expandIcon={<ExpandMoreIcon />}>
          <Typography variant="subtitle2">
            Full plan (terraform show)
          </Typography>
        </AccordionSummary>
        <AccordionDetails>
          <Box
            component="pre"
            aria-label="Rendered plan"
            style={{ overflowX: 'auto', fontSize: 12, margin: 0 }}
          >
            {plan.rendered}
          </Box>
        </AccordionDetails>
      </Accordion>
      {expired ? (
        <Box mt={2}>
          <WarningPanel
            severity="warning"
            title="This plan is too old to apply"
            message="Plan again and review the new plan: an old plan may no longer match the infrastructure."
          />
          <LinkButton
            size="small"
            variant="outlined"
            color="primary"
            to={planUrl}
          >
            Plan again
          </LinkButton>
        </Box>
      ) : (
        <Box mt={2}>
          <LinkButton variant="contained" color="primary" to={value.applyUrl!}>
            Apply this plan
          </LinkButton>
          <Typography variant="caption" display="block" color="textSecondary">
            Applies exactly this saved plan and nothing else. It is refused if
            the repository has a new commit or the Terraform state changed since
            the plan.
          </Typography>
        </Box>
      )}
    </InfoCard>
  );
};
