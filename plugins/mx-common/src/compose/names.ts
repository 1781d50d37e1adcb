import slugifyLatin from 'slugify';

/** A DNS-label-safe slug of free text: at most 63 lowercase letters, digits and single hyphens. */
export const SLUG_MAX_LENGTH = 63;
/** GCP resource names built from a project name keep at most this many of its characters. */
export const SHORT_NAME_MAX_LENGTH = 20;

const trimHyphens = (s: string) => s.replace(/^-+|-+$/g, '');

/**
 * The slug of a free-text name (a client such as "Müller & Söhne GmbH" → `muller-sohne-gmbh`).
 *
 * ASCII letters and digits are kept (lowercased); every other ASCII character separates words,
 * as it always did. Other characters are transliterated to Latin letters by slugify's character
 * map (ü → u, ö → o, ß → ss, é → e, ø → o, ł → l, Cyrillic and Greek letters...); what it cannot
 * transliterate is dropped. Runs of separators become one hyphen; the result is cut at 63
 * characters without a trailing hyphen, and may be empty (e.g. a name in Chinese characters).
 */
export function slugOf(text: string): string {
  // ASCII punctuation is only a separator: slugify would spell some of it out (& → "and").
  const spaced = text.replace(/[^A-Za-z0-9\u0080-\uffff]/g, ' ');
  const latin = slugifyLatin(spaced, { lower: true, strict: true });
  const slug = trimHyphens(latin.replace(/[^a-z0-9]+/g, '-'));
  return slug.slice(0, SLUG_MAX_LENGTH).replace(/-+$/, '');
}

/** The names every generator derives from a project's answers (computed once, here). */
export interface DerivedNames {
  /** The client as a label value, e.g. `acme-bank-partners-eu` (may be empty). */
  clientSlug: string;
  /** The project name cut to 20 characters without a trailing hyphen: prefix of GCP resource names. */
  shortName: string;
  /** The Python package: the project name with underscores. */
  packageName: string;
  /** The Terraform state bucket, `<gcpProjectId>-tfstate`. */
  stateBucket: string;
  /** The Sphinx docs bucket, `<gcpProjectId>-<shortName>-docs`. */
  docsBucket: string;
  /** The artifacts bucket (MLflow artifacts, models), `<gcpProjectId>-<shortName>-artifacts`. */
  artifactsBucket: string;
}

export function deriveNames(project: {
  name: string;
  client: string;
  gcpProjectId: string;
}): DerivedNames {
  const { name, client, gcpProjectId } = project;
  const shortName = name.slice(0, SHORT_NAME_MAX_LENGTH).replace(/-+$/, '');
  return {
    clientSlug: slugOf(client),
    shortName,
    packageName: name.replace(/-/g, '_'),
    stateBucket: `${gcpProjectId}-tfstate`,
    docsBucket: `${gcpProjectId}-${shortName}-docs`,
    artifactsBucket: `${gcpProjectId}-${shortName}-artifacts`,
  };
}
