/*
 * Helpers for this package's tests only (not exported from the package).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import fs from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A logger that keeps every line (with its level), so tests can assert what the user sees. */
export function captureLogger(): {
  logger: LoggerService;
  lines: () => string[];
  text: () => string;
} {
  const lines: string[] = [];
  const make = (): LoggerService => {
    const log = (level: string) => (message: string, meta?: Error | object) => {
      let suffix = '';
      if (meta instanceof Error) suffix = ` ${meta.message}`;
      else if (meta) suffix = ` ${JSON.stringify(meta)}`;
      lines.push(`${level}: ${message}${suffix}`);
    };
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: () => make(),
    };
  };
  return {
    logger: make(),
    lines: () => [...lines],
    text: () => lines.join('\n'),
  };
}

export { writeStandIn } from '../testUtils/writeStandIn';

/** The repository root: the nearest parent folder whose package.json declares workspaces. */
export function repoRoot(): string {
  // eslint-disable-next-line no-restricted-syntax
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).workspaces) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
}

/** Where the tool schemas live: `MX_SCHEMA_DIR`, or `../shared/schemas` from the repo root. */
export function schemaDir(): string {
  return (
    process.env.MX_SCHEMA_DIR ??
    path.resolve(repoRoot(), '..', 'shared', 'schemas')
  );
}

/** Every file below `dir` (relative paths), for "nothing left behind" assertions. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
}

/** Files below `dir` whose bytes contain `needle`. */
export async function filesContaining(dir: string, needle: string) {
  const hits: string[] = [];
  for (const f of await listFiles(dir)) {
    const buf = await fs.readFile(path.join(dir, f));
    if (buf.includes(needle)) hits.push(f);
  }
  return hits;
}

/**
 * Compiles one of the shared tool schemas with ajv, with the quirks from its README handled:
 * draft 2020-12 via Ajv2020, Go-style `(?ms)` regex flags stripped, unknown formats tolerated.
 */
export function compileToolSchema(file: string) {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const schema = JSON.parse(readFileSync(path.join(schemaDir(), file), 'utf8'));
  const is2020 = String(schema.$schema ?? '').includes('2020-12');
  const AjvClass = is2020
    ? require('ajv/dist/2020').default
    : require('ajv').default;
  const addFormats = require('ajv-formats').default;
  const ajv = new AjvClass({
    strict: false,
    logger: false,
    allErrors: true,
    code: {
      regExp: (pattern: string, flags: string) => {
        try {
          return new RegExp(pattern, flags);
        } catch {
          try {
            return new RegExp(pattern.replace(/\(\?[a-zA-Z]+\)/g, ''), flags);
          } catch {
            return /[\s\S]*/;
          }
        }
      },
    },
  });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'float']) ajv.addFormat(f, true);
  delete schema.$schema;
  const validate = ajv.compile(schema);
  return (data: unknown) => {
    const ok = validate(data);
    return ok
      ? []
      : (validate.errors ?? []).map(
          (e: any) => `${e.instancePath} ${e.message}`,
        );
  };
}
