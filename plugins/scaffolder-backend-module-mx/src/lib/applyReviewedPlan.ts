import { LoggerService } from '@backstage/backend-plugin-api';
import { PendingPlan } from '@mx-backstage/plugin-mx-common';
import { hashConfiguration, parseStateVersion } from './planProvenance';
import { fetchReviewedPlan } from './reviewedPlan';
import { TerraformCli } from './terraformCli';

/** `terraform state pull`'s serial and lineage. */
export const readStateVersion = async (terraform: TerraformCli) =>
  parseStateVersion(
    (await terraform(['state', 'pull'], { quietStdout: true })).stdout,
  );

/**
 * The apply branch up to the apply: the reviewed plan `planId` fetched (only if still fresh, see
 * fetchReviewedPlan), `terraform apply <planfile>`, then the pending plan removed from the store.
 * Returns the plan that was applied.
 */
export async function applyReviewedPlan(
  opts: Pick<
    Parameters<typeof fetchReviewedPlan>[0],
    | 'store'
    | 'location'
    | 'access'
    | 'planId'
    | 'projectLabel'
    | 'workingDirectory'
    | 'now'
    | 'maxAge'
    | 'planFile'
  > & {
    terraform: TerraformCli;
    /** The root module's folder, whose configuration is hashed. */
    workDir: string;
    commit: string;
    lockArgs: string[];
    logger: LoggerService;
  },
): Promise<PendingPlan> {
  const { terraform, store, location, access, workDir, planFile } = opts;
  const p = await fetchReviewedPlan({
    store,
    location,
    access,
    planId: opts.planId,
    projectLabel: opts.projectLabel,
    workingDirectory: opts.workingDirectory,
    current: async () => {
      const version = await readStateVersion(terraform);
      return {
        commit: opts.commit,
        configHash: await hashConfiguration(workDir),
        stateSerial: version.serial,
        stateLineage: version.lineage,
      };
    },
    now: opts.now,
    maxAge: opts.maxAge,
    planFile,
  });
  opts.logger.info(
    `Applying saved plan ${p.id} (made at ${p.createdAt} by ${p.createdBy} from commit ${p.commit})`,
  );
  await terraform([
    'apply',
    '-input=false',
    '-no-color',
    ...opts.lockArgs,
    planFile,
  ]);
  await store.remove(location, access);
  return p;
}
