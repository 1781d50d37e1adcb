import { didYouMean } from '../../lib/didYouMean';
import { SchemaNode } from '../../terraform/googleSchema';
import { blockBodies, HclBody } from '../../terraform/module';

const configurable = (node: SchemaNode) =>
  Object.entries(node.fields)
    .filter(([, f]) => f.kind !== 'computed')
    .map(([n]) => n);

/** Arguments and nested blocks of one body against its schema node. */
export function checkBody(
  body: HclBody,
  node: SchemaNode,
  where: string,
  meta: Set<string>,
  errors: string[],
  source?: string,
): void {
  const present = new Set<string>();
  const bodies = new Map<string, HclBody[]>();
  for (const [key, value] of Object.entries(body)) {
    if (meta.has(key)) continue;
    if (key === 'dynamic' && value && typeof value === 'object') {
      // dynamic "x" { for_each = ...; content { ... } } generates x blocks
      for (const [name, dyn] of Object.entries(value as HclBody)) {
        present.add(name);
        const field = node.fields[name];
        if (!field || field.kind !== 'block') {
          errors.push(
            `${where}: dynamic '${name}': ${
              field
                ? `'${name}' is an argument, not a block`
                : `unknown block '${name}'${didYouMean(
                    name,
                    configurable(node),
                  )}`
            }`,
          );
          continue;
        }
        for (const d of blockBodies(dyn) ?? []) {
          for (const content of blockBodies(d.content) ?? []) {
            bodies.set(name, [...(bodies.get(name) ?? []), content]);
          }
        }
      }
      continue;
    }
    present.add(key);
    const field = node.fields[key];
    const asBlocks = blockBodies(value);
    if (!field) {
      errors.push(
        `${where}: unknown ${
          asBlocks ? 'block' : 'argument'
        } '${key}'${didYouMean(key, configurable(node))}`,
      );
    } else if (field.kind === 'computed') {
      errors.push(
        `${where}: '${key}' is read-only (computed by the provider): it cannot be set`,
      );
    } else if (field.kind === 'block') {
      if (
        !asBlocks ||
        (source && new RegExp(`^[ \\t]*${key}[ \\t]*=`, 'm').test(source))
      ) {
        errors.push(
          `${where}: '${key}' is a block: write \`${key} { ... }\`${
            asBlocks ? ' (one block per item)' : ''
          }, not \`${key} = ...\``,
        );
      } else bodies.set(key, [...(bodies.get(key) ?? []), ...asBlocks]);
    } else if (
      asBlocks &&
      asBlocks.length > 0 &&
      (source
        ? new RegExp(`^[ \\t]*${key}[ \\t]*\\{`, 'm').test(source)
        : field.shape !== 'list')
    ) {
      errors.push(
        `${where}: '${key}' is an argument, not a block: write \`${key} = ...\``,
      );
    }
  }
  for (const [name, field] of Object.entries(node.fields)) {
    if (!field.required || present.has(name)) continue;
    errors.push(
      `${where}: missing required ${
        field.kind === 'block'
          ? `block '${name} { ... }'`
          : `argument '${name}'`
      }`,
    );
  }
  for (const [name, list] of bodies) {
    const nested = node.fields[name].nested;
    if (!nested) continue;
    for (const b of list) {
      checkBody(b, nested, `${where} › ${name}`, new Set(), errors, source);
    }
  }
}
