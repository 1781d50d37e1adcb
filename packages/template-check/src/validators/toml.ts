import { parse as parseToml } from 'smol-toml';
import { Outcome } from './types';

/** A TOML file (pyproject.toml...): what smol-toml parses, with its first error line. */
export function checkToml(text: string): Outcome {
  try {
    parseToml(text);
    return { validator: 'smol-toml', errors: [] };
  } catch (e) {
    return {
      validator: 'smol-toml',
      errors: [(e as Error).message.split('\n')[0]],
    };
  }
}
