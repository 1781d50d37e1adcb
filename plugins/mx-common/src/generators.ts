/**
 * MX generators as the catalog describes them. There is no list of generators in code: any
 * `Template` entity labelled `mx.backstage.io/generator: <id>` is one, and its annotations give
 * its version, prerequisites, changelog and the answers that would destroy data when changed.
 */

/** Label every generator template carries; its value is the generator id. */
export const LABEL_GENERATOR = 'mx.backstage.io/generator';
/** Semantic version of the generator; the project state records it on every run. */
export const ANNOTATION_GENERATOR_VERSION = 'mx.backstage.io/generator-version';
/** Generators that must already be applied (comma or space separated ids). */
export const ANNOTATION_REQUIRES = 'mx.backstage.io/requires';
/**
 * What changed in each version, newest first: a YAML/JSON map `{ "1.1.0": "text" }` or lines
 * `1.1.0: text`. The project page shows the entries newer than a project's recorded version.
 */
export const ANNOTATION_CHANGELOG = 'mx.backstage.io/changelog';
/**
 * Answers whose change destroys data (a smaller disk, another GPU type): comma or space
 * separated keys, or `key: reason` lines (one per key) to say what is lost.
 */
export const ANNOTATION_DESTRUCTIVE_ANSWERS =
  'mx.backstage.io/destructive-answers';

/**
 * Project answers (keys of `.mx/state.yaml` `project`) that this generator asks for, e.g.
 * `baseDomain`: a re-run form is pre-filled with them too.
 */
export const ANNOTATION_PROJECT_ANSWERS = 'mx.backstage.io/project-answers';

/** `spec.type` of generator templates: capabilities are applied once and re-run; operations run any time. */
export const GENERATOR_TYPE_PROJECT = 'ml-project';
export const GENERATOR_TYPE_CAPABILITY = 'ml-project-capability';
export const GENERATOR_TYPE_OPERATION = 'ml-project-operation';

export type GeneratorKind = 'project' | 'capability' | 'operation';

/** One generator, as the mx-project backend returns it from the catalog. */
export type GeneratorInfo = {
  /** the generator id (label value), the key under `generators` in the state */
  id: string;
  /** the Template entity ref, e.g. `template:default/cvat-labeling` */
  templateRef: string;
  namespace: string;
  /** the Template entity name (the Create page path) */
  name: string;
  title: string;
  description?: string;
  kind: GeneratorKind;
  version?: string;
  requires: string[];
  changelog: Array<{ version: string; text: string }>;
  destructiveAnswers: Array<{ key: string; reason?: string }>;
  /** project answers the generator asks for (pre-filled on a re-run) */
  projectAnswers: string[];
};

type TemplateLike = {
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    title?: string;
    description?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown> | { type?: unknown };
};

function parseList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map(s => s.trim())
    .filter(Boolean);
}

/** `key: reason` lines, or keys separated by commas/spaces. */
export function parseDestructiveAnswers(
  value: string | undefined,
): Array<{ key: string; reason?: string }> {
  if (!value || !value.trim()) return [];
  if (!value.includes(':')) return parseList(value).map(key => ({ key }));
  return value
    .split(/\n/)
    .map(l => l.trim())
    .filter(Boolean)
    .map(line => {
      const i = line.indexOf(':');
      if (i < 0) return { key: line };
      const reason = line.slice(i + 1).trim();
      return { key: line.slice(0, i).trim(), ...(reason ? { reason } : {}) };
    });
}

/** `version: text` lines or a JSON object; sorted newest first. */
export function parseChangelog(
  value: string | undefined,
): Array<{ version: string; text: string }> {
  if (!value || !value.trim()) return [];
  let entries: Array<{ version: string; text: string }> = [];
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as Record<string, unknown>;
      entries = Object.entries(parsed).map(([version, text]) => ({
        version,
        text: String(text),
      }));
    } catch {
      return [];
    }
  } else {
    for (const line of trimmed.split('\n')) {
      const m = /^\s*v?(\d+\.\d+\.\d+[^\s:]*)\s*:\s*(.*)$/.exec(line);
      if (m) entries.push({ version: m[1], text: m[2].trim() });
      else if (entries.length && line.trim()) {
        entries[entries.length - 1].text += ` ${line.trim()}`;
      }
    }
  }
  return entries
    .filter(e => parseVersion(e.version))
    .sort((a, b) => compareVersions(b.version, a.version));
}

function parseVersion(v: string | undefined): number[] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Compares `major.minor.patch` versions (pre-release suffixes ignored); unparsable sorts first. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a) ?? [-1, -1, -1];
  const pb = parseVersion(b) ?? [-1, -1, -1];
  for (let i = 0; i < 3; i++) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i];
  }
  return 0;
}

/** True when the template's version is newer than the one the project recorded. */
export function isUpgradeAvailable(
  templateVersion: string | undefined,
  recordedVersion: string | undefined,
): boolean {
  if (!templateVersion || !recordedVersion) return false;
  if (!parseVersion(templateVersion) || !parseVersion(recordedVersion)) {
    return false;
  }
  return compareVersions(templateVersion, recordedVersion) > 0;
}

/** The changelog entries after `recordedVersion` up to and including `templateVersion`. */
export function changesSince(
  info: Pick<GeneratorInfo, 'changelog' | 'version'>,
  recordedVersion: string,
): Array<{ version: string; text: string }> {
  return info.changelog.filter(
    e =>
      compareVersions(e.version, recordedVersion) > 0 &&
      (!info.version || compareVersions(e.version, info.version) <= 0),
  );
}

/** True for Template entities labelled as MX generators. */
export function isGeneratorTemplate(entity: TemplateLike): boolean {
  return (
    (entity.kind ?? '').toLowerCase() === 'template' &&
    Boolean(entity.metadata.labels?.[LABEL_GENERATOR])
  );
}

function kindOf(specType: unknown): GeneratorKind {
  if (specType === GENERATOR_TYPE_OPERATION) return 'operation';
  if (specType === GENERATOR_TYPE_PROJECT) return 'project';
  return 'capability';
}

/** Reads a generator Template entity into what the project page shows. */
export function generatorInfoFromTemplate(entity: TemplateLike): GeneratorInfo {
  const { metadata } = entity;
  const annotations = metadata.annotations ?? {};
  const namespace = metadata.namespace ?? 'default';
  return {
    id: metadata.labels?.[LABEL_GENERATOR] ?? metadata.name,
    templateRef: `template:${namespace}/${metadata.name}`,
    namespace,
    name: metadata.name,
    title: metadata.title ?? metadata.name,
    ...(metadata.description ? { description: metadata.description } : {}),
    kind: kindOf((entity.spec as { type?: unknown } | undefined)?.type),
    ...(annotations[ANNOTATION_GENERATOR_VERSION]
      ? { version: annotations[ANNOTATION_GENERATOR_VERSION] }
      : {}),
    requires: parseList(annotations[ANNOTATION_REQUIRES]),
    changelog: parseChangelog(annotations[ANNOTATION_CHANGELOG]),
    destructiveAnswers: parseDestructiveAnswers(
      annotations[ANNOTATION_DESTRUCTIVE_ANSWERS],
    ),
    projectAnswers: parseList(annotations[ANNOTATION_PROJECT_ANSWERS]),
  };
}

/**
 * The answers a project recorded for a generator, as a re-run form takes them: its own values
 * plus the project answers it asks for (`mx.backstage.io/project-answers`).
 */
export function recordedAnswers(
  state: {
    project?: Record<string, unknown>;
    generators?: Record<string, { values?: Record<string, unknown> }>;
  },
  generatorId: string,
  projectAnswers: string[] = [],
): Record<string, unknown> | undefined {
  const record = state.generators?.[generatorId];
  if (!record) return undefined;
  const fromProject = Object.fromEntries(
    projectAnswers
      .filter(k => state.project?.[k] !== undefined)
      .map(k => [k, state.project![k]]),
  );
  return { ...fromProject, ...(record.values ?? {}) };
}
