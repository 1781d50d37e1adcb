import { Outcome } from './types';
import { yamlDocuments } from './yamlDocuments';

export function checkMlproject(text: string): Outcome {
  const { docs, errors } = yamlDocuments(text);
  const doc = docs[0] as any;
  if (errors.length === 0) {
    if (!doc || typeof doc !== 'object') errors.push('not a YAML mapping');
    else {
      if (typeof doc.name !== 'string' || !doc.name)
        errors.push('name is missing');
      const eps = doc.entry_points;
      if (!eps || typeof eps !== 'object' || Object.keys(eps).length === 0) {
        errors.push('entry_points is missing or empty');
      } else {
        for (const [n, ep] of Object.entries<any>(eps)) {
          if (typeof ep?.command !== 'string' || !ep.command) {
            errors.push(`entry_points.${n}.command is missing`);
          }
        }
      }
    }
  }
  return {
    validator: 'MLproject (yaml + name, entry_points.*.command)',
    errors,
  };
}
