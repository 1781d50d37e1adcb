import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  entityKindSchemaValidator,
} from '@backstage/catalog-model';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const kindValidators = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  templateEntityV1beta3Validator,
];

/**
 * Validates an entity the way the catalog does: the envelope and field formats
 * (`@backstage/catalog-model` policies), then the kind's own schema. Returns an error message,
 * or undefined when the entity is valid.
 */
export async function validateCatalogEntity(
  entity: Entity,
): Promise<string | undefined> {
  const name = `${entity?.kind ?? '?'}:${entity?.metadata?.name ?? '?'}`;
  try {
    await policy.enforce(JSON.parse(JSON.stringify(entity)));
  } catch (e) {
    return `${name}: ${(e as Error).message}`;
  }
  let known = false;
  for (const v of kindValidators) {
    try {
      if (await v.check(entity)) {
        known = true;
        break;
      }
    } catch (e) {
      return `${name}: ${(e as Error).message}`;
    }
  }
  return known
    ? undefined
    : `${name}: no catalog-model validator for kind ${entity.kind} (${entity.apiVersion})`;
}

export { entityKindSchemaValidator };
