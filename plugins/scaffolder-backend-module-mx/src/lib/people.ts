/*
 * The people of a project, looked up in the catalog: its owner group (with its members) and its
 * engineers (users with the email of their Google account). Used by `mx:people:resolve`, the one
 * place every template checks the owner and engineers it is given and derives who may sign in.
 */
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { groupsOfUser } from './owners';

/** A user as the project's access needs it: the catalog ref and the profile email ('' if none). */
export interface Person {
  ref: string;
  email: string;
  displayName?: string;
}

export interface ProjectPeople {
  owner: {
    ref: string;
    /** The group's `spec.profile.email` ('' when it has none). */
    email: string;
    /** The users that are members of the group (`spec.memberOf` / `memberOf` relations). */
    members: Person[];
  };
  engineers: Person[];
  /** The engineers' User entities, in the order given (what `catalog:fetch` outputs as `entities`). */
  engineerEntities: Entity[];
  /** One line per wrong value: which value and how to fix it. Empty when all is well. */
  problems: string[];
}

/** An email address as an IAM member needs it (`user:<email>`): one @, no spaces, a dot after @. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** A Google identity as an IAM binding takes it. */
export const IAM_MEMBER =
  /^(user|group|serviceAccount):[^@\s]+@[^@\s]+\.[^@\s]+$|^domain:[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

function profileOf(entity: Entity): { email?: unknown; displayName?: unknown } {
  const profile = (entity.spec as { profile?: unknown } | undefined)?.profile;
  return profile && typeof profile === 'object'
    ? (profile as { email?: unknown; displayName?: unknown })
    : {};
}

function emailOf(entity: Entity): string {
  const email = profileOf(entity).email;
  return typeof email === 'string' ? email.trim() : '';
}

function personOf(entity: Entity): Person {
  const displayName = profileOf(entity).displayName;
  return {
    ref: stringifyEntityRef(entity),
    email: emailOf(entity),
    ...(typeof displayName === 'string' ? { displayName } : {}),
  };
}

/**
 * Parses `ref` as an entity of `kind` (the default kind when the ref names none). Returns the
 * canonical ref, or a problem line when it is not a reference or names another kind.
 */
function refOfKind(
  role: 'owner' | 'engineer',
  ref: string,
  kind: 'group' | 'user',
): { ref?: string; problem?: string } {
  const example =
    kind === 'group' ? 'group:default/ml-team' : 'user:default/ada';
  let parsed;
  try {
    parsed = parseEntityRef(ref.trim(), {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
  } catch {
    return {
      problem: `${role} '${ref}' is not an entity reference — pick a ${kind} from the catalog, e.g. ${example}`,
    };
  }
  const canonical = stringifyEntityRef(parsed);
  if (parsed.kind.toLocaleLowerCase('en-US') !== kind) {
    return {
      problem:
        role === 'owner'
          ? `owner ${canonical} is a ${parsed.kind}, not a Group — a project is owned by a team: pick a group, e.g. ${example}`
          : `engineer ${canonical} is a ${parsed.kind}, not a User — list people, e.g. ${example}`,
    };
  }
  return { ref: canonical };
}

/** The users that are members of `groupRef`: `spec.memberOf` or `memberOf` relations. */
async function membersOf(
  catalog: CatalogService,
  group: Entity,
  credentials: BackstageCredentials,
): Promise<Person[]> {
  const ref = stringifyEntityRef(group);
  const { namespace = 'default', name } = group.metadata;
  // Users name their groups in spec.memberOf as `name`, `namespace/name` or a full ref; the
  // catalog turns them into memberOf relations. Ask for both, then keep exact members only.
  const { items } = await catalog.getEntities(
    {
      filter: [
        { kind: 'user', 'relations.memberOf': ref },
        {
          kind: 'user',
          'spec.memberOf': [ref, name, `${namespace}/${name}`, `group:${name}`],
        },
      ],
    },
    { credentials },
  );
  const seen = new Set<string>();
  return items
    .filter(u => groupsOfUser(u).has(ref.toLocaleLowerCase('en-US')))
    .map(personOf)
    .filter(p => !seen.has(p.ref) && seen.add(p.ref))
    .sort((a, b) => a.ref.localeCompare(b.ref));
}

/**
 * Looks the owner group and the engineers up in the catalog. Every wrong value becomes one
 * problem line naming the value and the fix; nothing throws for a wrong answer.
 */
export async function resolveProjectPeople(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  owner: string;
  engineers: string[];
}): Promise<ProjectPeople> {
  const { catalog, credentials } = options;
  const problems: string[] = [];

  const owner = refOfKind('owner', options.owner, 'group');
  if (owner.problem) problems.push(owner.problem);
  const engineerRefs: string[] = [];
  for (const e of options.engineers) {
    const r = refOfKind('engineer', e, 'user');
    if (r.problem) problems.push(r.problem);
    else if (!engineerRefs.includes(r.ref!)) engineerRefs.push(r.ref!);
  }

  const refs = [...(owner.ref ? [owner.ref] : []), ...engineerRefs];
  const { items } = refs.length
    ? await catalog.getEntitiesByRefs({ entityRefs: refs }, { credentials })
    : { items: [] as Array<Entity | undefined> };
  const found = new Map<string, Entity>();
  refs.forEach((r, i) => {
    if (items[i]) found.set(r, items[i]!);
  });

  let ownerPart: ProjectPeople['owner'] = {
    ref: owner.ref ?? options.owner,
    email: '',
    members: [],
  };
  if (owner.ref) {
    const group = found.get(owner.ref);
    if (!group) {
      problems.push(
        `owner ${owner.ref} is not in the catalog — pick an existing group or register it`,
      );
    } else {
      const email = emailOf(group);
      if (email && !EMAIL.test(email)) {
        problems.push(
          `owner ${owner.ref} has spec.profile.email '${email}', which is not an email address — correct it in the group entity or remove it`,
        );
      }
      ownerPart = {
        ref: owner.ref,
        email: EMAIL.test(email) ? email : '',
        members: await membersOf(catalog, group, credentials),
      };
    }
  }

  const engineers: Person[] = [];
  const engineerEntities: Entity[] = [];
  for (const ref of engineerRefs) {
    const user = found.get(ref);
    if (!user) {
      problems.push(
        `engineer ${ref} is not in the catalog — pick an existing user or register it`,
      );
      continue;
    }
    const person = personOf(user);
    if (!person.email) {
      problems.push(
        `engineer ${ref} has no spec.profile.email — add it to the user entity (the email of their Google account: it gets the project's IAM roles)`,
      );
    } else if (!EMAIL.test(person.email)) {
      problems.push(
        `engineer ${ref} has spec.profile.email '${person.email}', which is not an email address — correct it in the user entity`,
      );
    }
    engineers.push(person);
    engineerEntities.push(user);
  }

  return { owner: ownerPart, engineers, engineerEntities, problems };
}

/**
 * Who may sign in to the project's public endpoints (Identity-Aware Proxy), as IAM members: the
 * owner group's email as `group:<email>` when the group has one, else each member's
 * `user:<email>`; each engineer's `user:<email>`; then the extra members. Sorted, no duplicates.
 * Members without an email cannot be granted and are returned in `withoutEmail`.
 */
export function accessMembers(
  people: Pick<ProjectPeople, 'owner' | 'engineers'>,
  extra: string[] = [],
): { members: string[]; withoutEmail: string[] } {
  const members = new Set<string>();
  const withoutEmail: string[] = [];
  if (people.owner.email) {
    members.add(`group:${people.owner.email}`);
  } else {
    for (const m of people.owner.members) {
      if (EMAIL.test(m.email)) members.add(`user:${m.email}`);
      else withoutEmail.push(m.ref);
    }
  }
  for (const e of people.engineers) {
    if (EMAIL.test(e.email)) members.add(`user:${e.email}`);
  }
  for (const x of extra) members.add(x.trim());
  return {
    members: [...members].sort((a, b) => a.localeCompare(b)),
    withoutEmail,
  };
}

/** "Who may sign in" changes for a commit/PR body: added and removed members; '' when none. */
export function accessChangesSection(
  previous: string[] | undefined,
  next: string[],
): string {
  if (previous === undefined) return '';
  const added = next.filter(m => !previous.includes(m));
  const removed = previous.filter(m => !next.includes(m));
  if (added.length === 0 && removed.length === 0) return '';
  return [
    'Who may sign in (Identity-Aware Proxy):',
    ...added.map(m => `- added ${m}`),
    ...removed.map(m => `- removed ${m}`),
  ].join('\n');
}
