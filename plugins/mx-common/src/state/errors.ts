/**
 * A problem with a project's state file, precise enough to fix by hand: the file, the place inside
 * it (a dotted path and, when known, the line), and what was expected there.
 */
export class StateFileError extends Error {
  readonly file: string;
  readonly path?: string;
  readonly line?: number;
  readonly reason: string;

  constructor(options: {
    file: string;
    path?: string;
    line?: number;
    reason: string;
  }) {
    const where = [
      options.file,
      options.line !== undefined ? `line ${options.line}` : undefined,
      options.path ? `at '${options.path}'` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    super(`${where}: ${options.reason}`);
    this.name = 'StateFileError';
    this.file = options.file;
    this.path = options.path;
    this.line = options.line;
    this.reason = options.reason;
  }
}

/** A generator may not be applied yet: another one has to come first. */
export class PrerequisiteError extends Error {
  readonly generator: string;
  readonly missing: string[];

  constructor(generator: string, missing: string[]) {
    super(
      `Generator '${generator}' needs ${missing
        .map(m => `'${m}'`)
        .join(
          ' and ',
        )} applied to this project first: run the ${missing
        .map(m => `'${m}'`)
        .join(' and ')} template on it, then run '${generator}' again.`,
    );
    this.name = 'PrerequisiteError';
    this.generator = generator;
    this.missing = missing;
  }
}
