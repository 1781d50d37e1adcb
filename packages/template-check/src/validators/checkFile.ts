import path from 'node:path';
import { checkDockerfile } from './dockerfile';
import { checkJson } from './json';
import { findTemplateLeftovers } from './leftovers';
import { checkMakefile } from './makefile';
import { checkMlproject } from './mlproject';
import { checkPython } from './python';
import { checkTerraform } from './terraform';
import { checkToml } from './toml';
import { FileCheck, Outcome, TreeCheckOptions } from './types';
import { checkYaml } from './yaml';

const TEXT_EXTENSIONS = ['.md', '.rst', '.txt', '.cfg'];

const TEXT_BASENAMES = ['.gitignore', '.dockerignore', '.helmignore'];

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
      outcome = checkJson(text);
    } else if (ext === '.toml') {
      outcome = checkToml(text);
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
