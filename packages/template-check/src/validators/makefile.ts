import path from 'node:path';
import { run } from '../lib/exec';
import { Outcome } from './types';

const PARSE_ONLY_TARGET = '__mx_template_check_parse_only__';

/**
 * `make -n -f <file> help` when the Makefile has a help target; otherwise (and for included
 * fragments, *.mk) make parses the file for a target that does not exist: only syntax errors
 * (missing separator, unterminated conditionals...) fail.
 */
export async function checkMakefile(
  abs: string,
  text: string,
): Promise<Outcome> {
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
