import { z as zod } from 'zod/v3';

/*
 * Input schemas more than one action declares, written once (zod callbacks as
 * createTemplateAction takes them).
 */

/** A generator id: the template's name, its key under `generators` in the state. */
export const GENERATOR_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const generatorIdInput = (description: string) => (z: typeof zod) =>
  z.string().regex(GENERATOR_ID_PATTERN).describe(description);

/** An optional object of answers or state, passed through as the template gives it. */
export const optionalObjectInput = (description: string) => (z: typeof zod) =>
  z.record(z.string(), z.unknown()).optional().describe(description);
