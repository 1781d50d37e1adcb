import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  IAM_MEMBER,
  accessChangesSection,
  accessMembers,
  resolveProjectPeople,
} from '../lib/people';
import { examples } from './peopleResolve.examples';

/**
 * `mx:people:resolve` — the project's owner and engineers, checked against the catalog: the owner
 * must be an existing Group, each engineer an existing User with a `spec.profile.email` (the
 * Google account the project's IAM grants and Identity-Aware Proxy let in). A wrong value fails
 * the step before anything is written or published, naming the value and the fix. Also derives
 * who may sign in to the project's public endpoints (`accessMembers`).
 */
export function createPeopleResolveAction(options: {
  catalog: CatalogService;
}) {
  const { catalog } = options;
  return createTemplateAction({
    id: 'mx:people:resolve',
    description:
      "Checks a project's owner (an existing catalog Group) and engineers (existing Users with a profile email) and derives who may sign in to its endpoints (IAM members).",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        owner: z =>
          z
            .string()
            .min(1)
            .describe(
              'The owner group, e.g. `group:default/ml-team` (kind Group; a ref without a kind is a group)',
            ),
        engineers: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'The engineers, e.g. `user:default/ada` (kind User); each needs `spec.profile.email`',
            ),
        extraMembers: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'More IAM members allowed to sign in besides the owners and engineers: `user:<email>`, `group:<email>`, `serviceAccount:<email>` or `domain:<domain>`',
            ),
        previousMembers: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'The members recorded by the last run (e.g. the state): `accessChangesSection` lists what changed',
            ),
      },
      output: {
        owner: z =>
          z
            .string()
            .describe('The owner group ref, e.g. group:default/ml-team'),
        ownerEmail: z =>
          z
            .string()
            .describe("The group's spec.profile.email ('' when it has none)"),
        ownerMembers: z =>
          z
            .array(z.object({ ref: z.string(), email: z.string() }))
            .describe("The group's member users with their emails"),
        engineers: z =>
          z
            .array(
              z.object({
                ref: z.string(),
                email: z.string(),
                displayName: z.string().optional(),
              }),
            )
            .describe('The engineers with their emails, in the order given'),
        entities: z =>
          z
            .array(z.record(z.string(), z.unknown()))
            .describe("The engineers' User entities (like catalog:fetch)"),
        accessMembers: z =>
          z
            .array(z.string())
            .describe(
              'Who may sign in, as IAM members: group:<owner group email>, or user:<email> of each member; user:<email> of each engineer; the extra members. Sorted',
            ),
        accessChangesSection: z =>
          z
            .string()
            .describe(
              "The members added and removed since previousMembers, for a commit/PR body ('' when none)",
            ),
      },
    },
    async handler(ctx) {
      const extra = ctx.input.extraMembers ?? [];
      const badExtra = extra.filter(m => !IAM_MEMBER.test(m.trim()));
      const people = await resolveProjectPeople({
        catalog,
        credentials: await ctx.getInitiatorCredentials(),
        owner: ctx.input.owner,
        engineers: ctx.input.engineers ?? [],
      });
      const problems = [
        ...people.problems,
        ...badExtra.map(
          m =>
            `extra member '${m}' is not an IAM member — write user:<email>, group:<email>, serviceAccount:<email> or domain:<domain>`,
        ),
      ];
      if (problems.length === 1) throw new InputError(problems[0]);
      if (problems.length > 1) {
        throw new InputError(
          `The project's people need fixing:\n${problems
            .map(p => `- ${p}`)
            .join('\n')}`,
        );
      }

      const { members, withoutEmail } = accessMembers(people, extra);
      if (withoutEmail.length) {
        ctx.logger.warn(
          `${
            people.owner.ref
          } has no spec.profile.email and these members have none either, so they cannot sign in to the project's endpoints: ${withoutEmail.join(
            ', ',
          )} — add an email to the group (then group:<email> is allowed) or to each user`,
        );
      }
      if (members.length === 0) {
        ctx.logger.warn(
          `Nobody may sign in to the project's endpoints: ${people.owner.ref} has no email and no member with one, and no engineer is listed`,
        );
      }
      ctx.logger.info(
        `Owner ${people.owner.ref}${
          people.owner.email ? ` (${people.owner.email})` : ''
        }, ${people.owner.members.length} member(s); engineers: ${
          people.engineers.map(e => `${e.ref} (${e.email})`).join(', ') ||
          'none'
        }`,
      );

      ctx.output('owner', people.owner.ref);
      ctx.output('ownerEmail', people.owner.email);
      ctx.output(
        'ownerMembers',
        people.owner.members.map(({ ref, email }) => ({ ref, email })),
      );
      ctx.output('engineers', people.engineers);
      ctx.output('entities', people.engineerEntities);
      ctx.output('accessMembers', members);
      ctx.output(
        'accessChangesSection',
        accessChangesSection(ctx.input.previousMembers, members),
      );
    },
  });
}
