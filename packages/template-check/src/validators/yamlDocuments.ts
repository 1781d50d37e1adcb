import YAML from 'yaml';

export function yamlDocuments(text: string): {
  docs: unknown[];
  errors: string[];
} {
  const parsed = YAML.parseAllDocuments(text, { prettyErrors: true });
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const errors: string[] = [];
  const docs: unknown[] = [];
  for (const d of list as YAML.Document[]) {
    for (const e of d.errors) errors.push(e.message.split('\n')[0]);
    if (d.errors.length === 0) docs.push(d.toJS());
  }
  return { docs: docs.filter(d => d !== null && d !== undefined), errors };
}
