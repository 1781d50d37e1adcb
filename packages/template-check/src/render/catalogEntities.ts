import { Entity } from '@backstage/catalog-model';
import YAML from 'yaml';
import { Tree } from '../lib/tree';
import { KIT_USER_REF } from '../scaffolder/testScaffolder';

/**
 * Where the kit pretends seed projects are published: the embedded default's local git host.
 * Only a string (nothing listens there): a dry run never clones, and a fixed URL keeps the
 * goldens stable.
 */
export const KIT_GIT_HOST = 'http://localhost:7007/api/mx-git-host';

/**
 * The entities of a project tree's catalog-info.yaml as the catalog would hold them once the
 * ml-project template registered them: with the location annotations `catalog:register` adds.
 */
export function catalogEntitiesOf(tree: Tree): Entity[] {
  const file = tree.get('catalog-info.yaml');
  let entities: Entity[] = [];
  if (file) {
    try {
      entities = YAML.parseAllDocuments(file.toString('utf8'))
        .map(d => d.toJS())
        .filter(e => e && typeof e === 'object' && e.kind && e.metadata?.name)
        .map(e => {
          const contents = `${KIT_GIT_HOST}/repos/${e.metadata.name}/tree/main`;
          const location = `url:${contents}/catalog-info.yaml`;
          return {
            ...e,
            metadata: {
              namespace: 'default',
              ...e.metadata,
              annotations: {
                'backstage.io/managed-by-location': location,
                'backstage.io/managed-by-origin-location': location,
                'backstage.io/source-location': `url:${contents}/`,
                ...e.metadata.annotations,
              },
            },
          };
        });
    } catch {
      entities = [];
    }
  }
  // The kit's user is a member of every owner group, as an engineer of the project would be
  // (day-2 actions are allowed to the project's owners only).
  const owners = [
    ...new Set(
      entities
        .map(e => (e.spec as { owner?: unknown } | undefined)?.owner)
        .filter((o): o is string => typeof o === 'string'),
    ),
  ].map(o => (o.includes(':') ? o : `group:${o}`));
  const [, userNamespace, userName] = /^user:([^/]+)\/(.+)$/.exec(
    KIT_USER_REF,
  )!;
  return [
    ...entities,
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: userName, namespace: userNamespace },
      spec: { memberOf: owners },
    },
    ...owners.map(ref => {
      const [, ns, name] = /^group:(?:([^/]+)\/)?(.+)$/.exec(ref) ?? [];
      return {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: name ?? ref, namespace: ns ?? 'default' },
        spec: { type: 'team', children: [] },
      };
    }),
  ];
}
