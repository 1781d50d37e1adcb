import { Entity } from '@backstage/catalog-model';
import { parseState } from '@mx-backstage/plugin-mx-common';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { DockerfileParser } from 'dockerfile-ast';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import YAML from 'yaml';
import { run } from '../lib/exec';
import { Tree, writeTree } from '../lib/tree';
import { validateCatalogEntity } from './entities';
import { validateKubernetesObject } from './kubernetes';
import { SchemaStore, formatAjvErrors } from './schemas';
import { treeChecks as defaultTreeChecks, TreeCheck } from '../treeChecks';

export type CheckStatus = 'pass' | 'fail' | 'no validator' | 'n/a';

/** One row of the report. */
export interface FileCheck {
  file: string;
  validator: string;
  status: CheckStatus;
  message?: string;
}

export interface TreeCheckOptions {
  schemas: SchemaStore;
  /** A scratch folder: the tree is written there for the command-line tools. */
  workDir: string;
  /**
   * .tf/.tfvars files `terraform fmt -check` found unformatted (one run over the whole tree);
   * without it each file is formatted on its own.
   */
  terraformUnformatted?: Set<string>;
  /** py_compile results of the tree's .py files (one python3 run per tree) */
  pythonCompiled?: Map<string, string | null>;
  /** Whole-tree checks to run (default: every check in `treeChecks/`). */
  treeChecks?: TreeCheck[];
  /** `<template>/<fixture>`, for the whole-tree checks' messages. */
  label?: string;
}

/** Where mx:files:reconcile keeps the base copies of managed files (for three-way merges). */
export const BASE_COPY_DIR = '.mx/base/';

const TEXT_EXTENSIONS = ['.md', '.rst', '.txt', '.cfg'];
const TEXT_BASENAMES = ['.gitignore', '.dockerignore', '.helmignore'];
const DOCKER_INSTRUCTIONS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

/** Unrendered template syntax left in a rendered file, as `line N: ...` */
export function findTemplateLeftovers(text: string): string | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /\$\{\{|\{%/.exec(lines[i]);
    if (m) {
      return `unrendered template syntax '${m[0]}' at line ${i + 1}: ${lines[i]
        .trim()
        .slice(0, 120)}`;
    }
  }
  return undefined;
}

type Outcome = { validator: string; errors: string[]; status?: CheckStatus };

function yamlDocuments(text: string): { docs: unknown[]; errors: string[] } {
  const parsed = YAML.parseAllDocuments(text, { prettyErrors: true });
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const errors: string[] = [];
  const docs: unknown[] = [];
  for (const d of list as YAML.Document[]) {
    for (const e of d.errors) errors.push(e.message.split('\n')[0]);
    if (d.errors.length === 0) docs.push(d.toJS());
  }
  return { docs: docs.filter(d => d !== null && d !== undefined), errors };
}

async function checkTerraform(
  file: string,
  text: string,
  abs: string,
  unformatted: Set<string> | undefined,
): Promise<Outcome> {
  const errors: string[] = [];
  const batched = unformatted && !file.endsWith('.hcl');
  // `terraform fmt` reads .tf/.tfvars only; .hcl files (backend configs) have tfvars syntax
  // and go through stdin
  const fmt = batched
    ? {
        code: 0,
        stderr: '',
        stdout: unformatted.has(file) ? `${text}\n` : text,
      }
    : await run('terraform', ['fmt', '-no-color', '-'], {
        input: text,
        cwd: path.dirname(abs),
      });
  if (batched && unformatted.has(file)) {
    errors.push('terraform fmt -check: not formatted (run `terraform fmt`)');
  } else if (fmt.code !== 0) {
    errors.push(
      `terraform fmt: ${fmt.stderr.trim().split('\n').slice(0, 4).join(' ')}`,
    );
  } else if (fmt.stdout !== text) {
    errors.push(
      `terraform fmt -check: not formatted (run \`terraform fmt\`; first difference at line ${firstDifferentLine(
        text,
        fmt.stdout,
      )})`,
    );
  }
  try {
    await parseHcl(path.basename(file), text);
  } catch (e) {
    errors.push(`hcl2json: ${String((e as Error).message ?? e).trim()}`);
  }
  return { validator: 'terraform fmt + hcl2json', errors };
}

function firstDifferentLine(a: string, b: string): number {
  const al = a.split('\n');
  const bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return i + 1;
  }
  return 0;
}

function checkDockerfile(text: string): Outcome {
  const errors: string[] = [];
  const df = DockerfileParser.parse(text);
  const instructions = df.getInstructions();
  if (instructions.length === 0) errors.push('no instructions');
  let seenFrom = false;
  for (const ins of instructions) {
    const keyword = ins.getKeyword().toUpperCase();
    const line = ins.getRange().start.line + 1;
    if (!DOCKER_INSTRUCTIONS.has(keyword)) {
      errors.push(`line ${line}: unknown instruction ${keyword}`);
    }
    if (!seenFrom && keyword !== 'FROM' && keyword !== 'ARG') {
      errors.push(`line ${line}: ${keyword} before the first FROM`);
    }
    if (keyword === 'FROM') {
      seenFrom = true;
      if (ins.getArguments().length === 0) {
        errors.push(`line ${line}: FROM without an image`);
      }
    }
  }
  return { validator: 'dockerfile-ast', errors };
}

function checkMlproject(text: string): Outcome {
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

const PARSE_ONLY_TARGET = '__mx_template_check_parse_only__';

/**
 * `make -n -f <file> help` when the Makefile has a help target; otherwise (and for included
 * fragments, *.mk) make parses the file for a target that does not exist: only syntax errors
 * (missing separator, unterminated conditionals...) fail.
 */
async function checkMakefile(abs: string, text: string): Promise<Outcome> {
  const help = path.basename(abs) === 'Makefile' && /^help\s*:/m.test(text);
  const target = help ? 'help' : PARSE_ONLY_TARGET;
  const r = await run('make', ['-n', '-f', path.basename(abs), target], {
    cwd: path.dirname(abs),
    timeoutMs: 20_000,
  });
  const stderr = r.stderr
    .split('\n')
    .filter(l => l.trim() && !l.includes(PARSE_ONLY_TARGET))
    .join(' ');
  const ok = r.code === 0 || (!help && stderr === '');
  return {
    validator: help ? 'make -n help' : 'make (parse)',
    errors: ok ? [] : [`make: ${stderr.slice(0, 300)}`],
  };
}

const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'components',
  'bases',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'images',
  'replicas',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'crds',
  'openapi',
  'buildMetadata',
  'helmCharts',
  'helmGlobals',
  'replacements',
  'vars',
  'sortOptions',
  'transformers',
  'generators',
  'validators',
  'configurations',
]);

/** kustomize's own config file: known fields, list fields as lists. */
function checkKustomization(doc: Record<string, any>): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(doc)) {
    if (!KUSTOMIZATION_FIELDS.has(key))
      errors.push(`unknown Kustomization field ${key}`);
  }
  for (const key of [
    'resources',
    'components',
    'patches',
    'images',
    'labels',
    'replacements',
  ]) {
    if (doc[key] !== undefined && !Array.isArray(doc[key])) {
      errors.push(`${key} must be a list`);
    }
  }
  for (const r of doc.resources ?? []) {
    if (typeof r !== 'string') errors.push('resources entries must be strings');
  }
  return errors;
}

// What `python3 -m py_compile a.py b.py` does, with one result line per file (one process
// per tree: a Python start-up per file is slow on a busy machine).
const PY_COMPILE = `
import json, py_compile, sys, tempfile, os
out = {}
tmp = tempfile.mkdtemp()
for i, f in enumerate(sys.argv[1:]):
    try:
        py_compile.compile(f, cfile=os.path.join(tmp, str(i) + '.pyc'), doraise=True)
        out[f] = None
    except py_compile.PyCompileError as e:
        out[f] = e.msg.strip()
print(json.dumps(out))
`;

/** py_compile results for the tree's Python files: relative path → error (null when valid). */
async function compilePython(
  files: string[],
  workDir: string,
): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  if (files.length === 0) return result;
  // -I -S: no user site, no site-packages: py_compile needs only the standard library
  const r = await run('python3', ['-I', '-S', '-c', PY_COMPILE, ...files], {
    cwd: workDir,
  });
  if (r.code !== 0) {
    for (const f of files) result.set(f, `python3 failed: ${r.stderr.trim()}`);
    return result;
  }
  const parsed = JSON.parse(r.stdout) as Record<string, string | null>;
  for (const [f, e] of Object.entries(parsed)) result.set(f, e);
  return result;
}

function checkPython(
  file: string,
  compiled?: Map<string, string | null>,
): Outcome {
  const error = compiled?.get(file);
  if (error === undefined) {
    return { validator: 'python3 py_compile', errors: ['not compiled'] };
  }
  return {
    validator: 'python3 py_compile',
    errors: error ? [error.split('\n').slice(-3).join(' ')] : [],
  };
}

async function checkYaml(
  file: string,
  text: string,
  schemas: SchemaStore,
): Promise<Outcome> {
  const base = path.posix.basename(file);
  const { docs, errors } = yamlDocuments(text);
  if (errors.length > 0) return { validator: 'yaml', errors };

  if (file === '.mx/state.yaml' || file.endsWith('/.mx/state.yaml')) {
    try {
      parseState(text, file);
      return { validator: 'mx-common parseState', errors: [] };
    } catch (e) {
      return {
        validator: 'mx-common parseState',
        errors: [(e as Error).message],
      };
    }
  }
  if (base === 'devspace.yaml' || base === 'devspace.yml') {
    const validate = await schemas.devspace();
    const doc = docs[0] as any;
    const errs: string[] = [];
    if (!validate(doc)) errs.push(formatAjvErrors(validate));
    if (doc?.version !== 'v2beta1') {
      errs.push(
        `version must be v2beta1 (devspace v6), found ${JSON.stringify(
          doc?.version,
        )}`,
      );
    }
    return { validator: 'devspace-v6.json + version v2beta1', errors: errs };
  }
  if (base === 'cloudbuild.yaml' || base === 'cloudbuild.yml') {
    const validate = await schemas.cloudbuild();
    return {
      validator: 'cloudbuild.json',
      errors: validate(docs[0]) ? [] : [formatAjvErrors(validate)],
    };
  }
  if (base === 'catalog-info.yaml' || base === 'catalog-info.yml') {
    const validate = await schemas.catalogInfo();
    const errs: string[] = [];
    for (const doc of docs) {
      if (!validate(doc)) errs.push(formatAjvErrors(validate));
      const e = await validateCatalogEntity(doc as Entity);
      if (e) errs.push(e);
    }
    if (docs.length === 0) errs.push('no entity');
    return {
      validator: 'backstage-catalog-info.json + catalog-model',
      errors: errs,
    };
  }

  const k8s = docs.filter(
    (d: any) => d && typeof d === 'object' && 'apiVersion' in d && 'kind' in d,
  ) as Record<string, any>[];
  if (k8s.length === 0) return { validator: 'yaml', errors: [] };
  if (
    k8s.length === 1 &&
    String(k8s[0].apiVersion).startsWith('kustomize.config.k8s.io/')
  ) {
    return {
      validator: 'kustomization (fields)',
      errors: checkKustomization(k8s[0]),
    };
  }
  const results = [];
  for (const doc of k8s) {
    if (doc.kind === 'List' && Array.isArray(doc.items)) {
      for (const item of doc.items) {
        results.push(await validateKubernetesObject(item, schemas));
      }
    } else results.push(await validateKubernetesObject(doc, schemas));
  }
  const validators = [...new Set(results.map(r => r.validator))];
  const unknown = results.filter(r => r.validator === 'no validator');
  return {
    validator: `kubernetes (${validators.join(', ')})`,
    errors: results.filter(r => !r.ok).map(r => r.message!),
    status:
      unknown.length > 0 && unknown.length === results.filter(r => !r.ok).length
        ? 'no validator'
        : undefined,
  };
}

function isValidUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** Checks one rendered file with the parser or schema of the tool that reads it. */
export async function checkFile(
  file: string,
  content: Buffer,
  options: TreeCheckOptions,
): Promise<FileCheck> {
  const abs = path.join(options.workDir, ...file.split('/'));
  const base = path.posix.basename(file);
  const ext = path.posix.extname(file).toLowerCase();
  if (!isValidUtf8(content)) {
    return {
      file,
      validator: 'no validator',
      status: 'no validator',
      message: 'binary or non-UTF-8 file',
    };
  }
  const text = content.toString('utf8');
  let outcome: Outcome;
  try {
    if (ext === '.tf' || ext === '.tfvars' || ext === '.hcl') {
      outcome = await checkTerraform(
        file,
        text,
        abs,
        options.terraformUnformatted,
      );
    } else if (base === 'Dockerfile' || base.endsWith('.Dockerfile')) {
      outcome = checkDockerfile(text);
    } else if (base === 'MLproject') {
      outcome = checkMlproject(text);
    } else if (base === 'Makefile' || ext === '.mk') {
      outcome = await checkMakefile(abs, text);
    } else if (ext === '.py') {
      outcome = checkPython(file, options.pythonCompiled);
    } else if (ext === '.yaml' || ext === '.yml') {
      outcome = await checkYaml(file, text, options.schemas);
    } else if (ext === '.json') {
      try {
        JSON.parse(text);
        outcome = { validator: 'JSON.parse', errors: [] };
      } catch (e) {
        outcome = { validator: 'JSON.parse', errors: [(e as Error).message] };
      }
    } else if (ext === '.toml') {
      try {
        parseToml(text);
        outcome = { validator: 'smol-toml', errors: [] };
      } catch (e) {
        outcome = {
          validator: 'smol-toml',
          errors: [(e as Error).message.split('\n')[0]],
        };
      }
    } else if (TEXT_EXTENSIONS.includes(ext) || TEXT_BASENAMES.includes(base)) {
      outcome = { validator: 'text (UTF-8)', errors: [] };
    } else {
      const leftover = findTemplateLeftovers(text);
      return {
        file,
        validator: 'no validator',
        status: 'no validator',
        message: `no validator covers this kind of file${
          leftover ? `; ${leftover}` : ''
        }`,
      };
    }
  } catch (e) {
    outcome = {
      validator: 'internal',
      errors: [`validator crashed: ${(e as Error).stack ?? e}`],
    };
  }
  const leftover = findTemplateLeftovers(text);
  const errors = leftover ? [...outcome.errors, leftover] : outcome.errors;
  return {
    file,
    validator: outcome.validator,
    status: outcome.status ?? (errors.length === 0 ? 'pass' : 'fail'),
    message: errors.length > 0 ? errors.join(' | ') : undefined,
  };
}

/**
 * `terraform init -backend=false && terraform validate` on every folder of .tf files that needs
 * no provider (none can be downloaded here); other folders are reported as not applicable.
 */
async function checkTerraformModules(
  tree: Tree,
  workDir: string,
): Promise<FileCheck[]> {
  const dirs = new Map<string, string[]>();
  for (const file of tree.keys()) {
    if (!file.endsWith('.tf') || file.startsWith(BASE_COPY_DIR)) continue;
    const dir = path.posix.dirname(file);
    dirs.set(dir, [...(dirs.get(dir) ?? []), file]);
  }
  const rows: FileCheck[] = [];
  for (const [dir, files] of dirs) {
    const providers = new Set<string>();
    for (const f of files) {
      let json: any;
      try {
        json = await parseHcl(f, tree.get(f)!.toString('utf8'));
      } catch {
        continue; // reported per file
      }
      for (const t of json.terraform ?? []) {
        for (const rp of t.required_providers ?? []) {
          Object.keys(rp).forEach(p => providers.add(p));
        }
      }
      Object.keys(json.provider ?? {}).forEach(p => providers.add(p));
      for (const block of ['resource', 'data', 'ephemeral']) {
        for (const type of Object.keys(json[block] ?? {})) {
          if (!type.startsWith('terraform_')) providers.add(type.split('_')[0]);
        }
      }
      if (json.module) providers.add('(modules)');
    }
    const label = `${dir}/`;
    if (providers.size > 0) {
      rows.push({
        file: label,
        validator: 'terraform validate',
        status: 'n/a',
        message: `not applicable offline: needs provider(s) ${[...providers]
          .sort()
          .join(', ')}; covered by fmt + hcl2json${
          providers.has('google') ? ' and the google provider schema check' : ''
        }`,
      });
      continue;
    }
    const cwd = path.join(workDir, ...dir.split('/'));
    const env = { TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const init = await run(
      'terraform',
      ['init', '-backend=false', '-input=false', '-no-color'],
      { cwd, env, timeoutMs: 120_000 },
    );
    const validate =
      init.code === 0
        ? await run('terraform', ['validate', '-no-color'], { cwd, env })
        : init;
    rows.push({
      file: label,
      validator: 'terraform init -backend=false + validate',
      status: validate.code === 0 ? 'pass' : 'fail',
      message:
        validate.code === 0
          ? undefined
          : (validate.stderr || validate.stdout)
              .trim()
              .split('\n')
              .slice(0, 6)
              .join(' '),
    });
    await fs.rm(path.join(cwd, '.terraform'), { recursive: true, force: true });
    await fs.rm(path.join(cwd, '.terraform.lock.hcl'), { force: true });
  }
  return rows;
}

/** Checks every file of a rendered tree (written to `workDir` for the command-line tools). */
export async function checkTree(
  tree: Tree,
  options: TreeCheckOptions,
): Promise<FileCheck[]> {
  const prof = (label: string, t0: number) => {
    if (process.env.MX_CHECK_PROFILE) {
      process.stderr.write(`    ${Date.now() - t0}ms ${label}\n`);
    }
  };
  let t0 = Date.now();
  await writeTree(options.workDir, tree);
  prof('write tree', t0);
  t0 = Date.now();
  const rows: FileCheck[] = [];
  // The whole-tree checks start now and run beside the file checks: several start their own
  // processes (sphinx-build, make test) that use another core while the kit checks files.
  const treeCheckRows = Promise.all(
    (options.treeChecks ?? defaultTreeChecks).map(async check => {
      const started = Date.now();
      const result = await check.run(tree, {
        workDir: options.workDir,
        label: options.label,
      });
      prof(check.name, started);
      return result;
    }),
  );
  // awaited at the end; a failure must not count as unhandled meanwhile
  treeCheckRows.catch(() => undefined);
  const pythonPromise = compilePython(
    [...tree.keys()].filter(f => f.endsWith('.py')),
    options.workDir,
  );
  let terraformUnformatted: Set<string> | undefined;
  if ([...tree.keys()].some(f => f.endsWith('.tf') || f.endsWith('.tfvars'))) {
    const fmt = await run(
      'terraform',
      ['fmt', '-check', '-list=true', '-recursive', '-no-color', '.'],
      { cwd: options.workDir },
    );
    // exit 3: some files need formatting; anything else with stderr: a syntax error, which
    // the per-file run reports with its location
    if (fmt.code === 0 || (fmt.code === 3 && !fmt.stderr.trim())) {
      terraformUnformatted = new Set(
        fmt.stdout
          .split('\n')
          .map(l => l.trim().replace(/^\.\//, ''))
          .filter(Boolean),
      );
    }
  }
  prof('terraform fmt', t0);
  t0 = Date.now();
  const pythonCompiled = await pythonPromise;
  prof('python', t0);
  const fileOptions = { ...options, terraformUnformatted, pythonCompiled };
  // A few at a time: terraform and python are separate processes
  const files = [...tree.entries()];
  const results: FileCheck[] = new Array(files.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < files.length) {
        const i = next++;
        const [file, content] = files[i];
        if (file.startsWith(BASE_COPY_DIR)) {
          const original = file.slice(BASE_COPY_DIR.length);
          if (tree.get(original)?.equals(content)) {
            results[i] = {
              file,
              validator: `base copy of ${original}`,
              status: 'pass',
            };
            continue;
          }
        }
        const started = Date.now();
        results[i] = await checkFile(file, content, fileOptions);
        if (process.env.MX_CHECK_PROFILE) {
          process.stderr.write(`    ${Date.now() - started}ms ${file}\n`);
        }
      }
    }),
  );
  rows.push(...results);
  t0 = Date.now();
  rows.push(...(await checkTerraformModules(tree, options.workDir)));
  prof('terraform modules', t0);
  rows.push(...(await treeCheckRows).flat());
  return rows;
}
