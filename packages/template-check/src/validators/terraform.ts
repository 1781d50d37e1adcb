import { parse as parseHcl } from '@cdktf/hcl2json';
import path from 'node:path';
import { run } from '../lib/exec';
import { Outcome } from './types';

export async function checkTerraform(
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
