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

/** The project's catalog entity ref (an ml-project Component) an action works on. */
export const projectEntityRefInput = (description: string) => (z: typeof zod) =>
  z.string().min(1).describe(description);

/** The description of `entityRef` for the actions only the project's owners may run. */
export const OWNED_PROJECT_ENTITY_REF =
  'The project component (e.g. `component:default/fraud-detection`); its owner group may run this action';
