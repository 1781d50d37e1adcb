import fs from 'node:fs';
import path from 'node:path';
import { findRepoRoot } from './lib/paths';
import { runTemplateCheck } from './check';
import { formatReport } from './report';

const USAGE = `Usage: yarn templates:check [options] [dir...]

Checks every template under templates/ (or the template folders / folders of templates given):
the template entity, its parameter schemas and actions, a dry run of each fixture through a real
scaffolder, every rendered file with the parser or schema of the tool that reads it, the golden
trees and the composition of the grow generators.

Options:
  --update       write the golden trees (fixtures/__golden__/<fixture>/) instead of comparing
  --compose      run the composition check (default: when checking all templates, or a grow
                 generator)
  --no-compose   skip the composition check
  --quiet        no progress lines
  -h, --help     this text

Environment:
  MX_SCHEMA_DIR  the validation schemas (default: ../shared/schemas beside the repository root)`;

/**
 * A folder argument, relative to where the user ran yarn (INIT_CWD), else to the repository
 * root (`yarn workspace ... start` runs in the package folder).
 */
function resolveTarget(arg: string): string {
  const bases = [
    process.env.INIT_CWD,
    process.cwd(),
    process.env.PROJECT_CWD,
    findRepoRoot(),
  ].filter((b): b is string => !!b);
  for (const base of bases) {
    const candidate = path.resolve(base, arg);
    if (fs.existsSync(candidate)) return candidate;
  }
  return path.resolve(arg);
}

export async function main(argv: string[]): Promise<number> {
  const targets: string[] = [];
  let update = false;
  let compose: boolean | undefined;
  let quiet = false;
  for (const arg of argv) {
    if (arg === '--update' || arg === '-u') update = true;
    else if (arg === '--no-compose') compose = false;
    else if (arg === '--compose') compose = true;
    else if (arg === '--quiet' || arg === '-q') quiet = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith('-')) {
      process.stderr.write(`Unknown option ${arg}\n\n${USAGE}\n`);
      return 2;
    } else targets.push(resolveTarget(arg));
  }
  try {
    const report = await runTemplateCheck({
      targets: targets.length ? targets : undefined,
      update,
      compose,
      log: quiet ? undefined : line => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${formatReport(report)}\n`);
    process.stdout.write(
      `Process run time (with module loading): ${process
        .uptime()
        .toFixed(1)} s\n`,
    );
    return report.failures.length > 0 ? 1 : 0;
  } catch (e) {
    process.stderr.write(
      `template check failed to run: ${(e as Error).stack ?? e}\n`,
    );
    return 2;
  }
}
