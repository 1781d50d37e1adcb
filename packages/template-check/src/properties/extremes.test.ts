import path from 'node:path';
import { findRepoRoot } from '../lib/paths';
import { findTemplateDirs, loadTemplate } from '../templates';
import { accepts, extremeStrings, parameterExtremes } from './extremes';

describe('extremeStrings', () => {
  it('finds the longest, digit-first and hyphen-rich names a loosened project-name pattern accepts', () => {
    // The ml-project name before the fix: 63 characters, a digit first allowed
    const loose = extremeStrings({
      type: 'string',
      pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
      minLength: 2,
      maxLength: 63,
    });
    expect(loose[0]).toHaveLength(63);
    expect(loose.some(s => /^[0-9]/.test(s) && s.length === 63)).toBe(true);
    expect(loose.some(s => s.split('-').length > 20)).toBe(true);
    expect(loose.some(s => s.length === 2)).toBe(true);
  });

  it('stays inside the pattern: every extreme is accepted, none starts with a digit when a letter is required', () => {
    const schema = {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{4,28}[a-z0-9]$',
    };
    const found = extremeStrings(schema);
    expect(found.map(s => s.length)).toEqual(
      expect.arrayContaining([30, 6]),
    );
    expect(found.every(s => accepts(schema, s) && /^[a-z]/.test(s))).toBe(
      true,
    );
  });

  it('gives enum bounds and integer bounds', () => {
    expect(
      parameterExtremes({ type: 'string', enum: ['us-east1', 'northamerica-northeast1'] }),
    ).toEqual(['northamerica-northeast1', 'us-east1']);
    expect(
      parameterExtremes({ type: 'integer', minimum: 1, maximum: 64 }),
    ).toEqual([64, 1]);
  });

  it('reaches the declared maxLength of every string parameter of every template', async () => {
    const templatesDir = path.join(findRepoRoot(__dirname), 'templates');
    const short: string[] = [];
    for (const dir of await findTemplateDirs(templatesDir)) {
      const t = await loadTemplate(dir);
      for (const page of [t.entity.spec.parameters ?? []].flat()) {
        for (const [key, schema] of Object.entries<any>(page.properties ?? {})) {
          if (schema.type !== 'string' || !schema.maxLength || schema.enum) continue;
          const longest = extremeStrings(schema)[0] ?? '';
          if (longest.length !== schema.maxLength) {
            short.push(`${t.name}.${key}: ${longest.length} < ${schema.maxLength}`);
          }
        }
      }
    }
    expect(short).toEqual([]);
  });
});
