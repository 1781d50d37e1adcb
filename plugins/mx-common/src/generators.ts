/** The generators MX ships, by template entity name. */
export const GENERATOR_IDS = [
  'ml-project',
  'cloudbuild',
  'distributed-training',
  'deployment-infrastructure',
  'seldon-serving',
  'cvat-labeling',
  'streamlit-app',
  'sphinx-docs',
  'debug-pod',
  'apply-infrastructure',
  'deploy',
] as const;

export type GeneratorId = (typeof GENERATOR_IDS)[number];
