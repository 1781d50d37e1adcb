import { Outcome } from './types';

/** A JSON file: what `JSON.parse` accepts. */
export function checkJson(text: string): Outcome {
  try {
    JSON.parse(text);
    return { validator: 'JSON.parse', errors: [] };
  } catch (e) {
    return { validator: 'JSON.parse', errors: [(e as Error).message] };
  }
}
