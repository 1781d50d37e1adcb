import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  GeneratorInfo,
  LABEL_GENERATOR,
  compareVersions,
  generatorInfoFromTemplate,
} from '@mx-backstage/plugin-mx-common';

/**
 * Every MX generator the caller may see: the `Template` entities labelled
 * `mx.backstage.io/generator`, wherever they were registered from. When two templates claim
 * the same generator id (e.g. a venture's fork), the newest version wins.
 */
export async function listGenerators(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<GeneratorInfo[]> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Template',
        [`metadata.labels.${LABEL_GENERATOR}`]: CATALOG_FILTER_EXISTS,
      },
      fields: ['kind', 'metadata', 'spec.type'],
    },
    { credentials },
  );
  const byId = new Map<string, GeneratorInfo>();
  for (const entity of items) {
    const info = generatorInfoFromTemplate(entity);
    const seen = byId.get(info.id);
    if (!seen || compareVersions(info.version ?? '', seen.version ?? '') > 0) {
      byId.set(info.id, info);
    }
  }
  return [...byId.values()].sort((a, b) => a.title.localeCompare(b.title));
}
