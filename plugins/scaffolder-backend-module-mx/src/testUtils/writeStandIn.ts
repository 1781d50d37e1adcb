import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes an executable stand-in for a CLI that is not installed here (devspace, gcloud) into
 * `binDir/<name>`. `body` is the JavaScript of the stand-in; it runs under this Node and gets
 * `record()` which appends {argv, env} as one JSON line to `<binDir>/<name>.calls.jsonl`.
 */
export async function writeStandIn(binDir: string, name: string, body: string) {
  await fs.mkdir(binDir, { recursive: true });
  const file = path.join(binDir, name);
  const callsFile = path.join(binDir, `${name}.calls.jsonl`);
  await fs.writeFile(
    file,
    `#!${process.execPath}
const fs = require('node:fs');
const argv = process.argv.slice(2);
const record = () => fs.appendFileSync(${JSON.stringify(
      callsFile,
    )}, JSON.stringify({ argv, cwd: process.cwd(), env: process.env }) + '\\n');
${body}
`,
    { mode: 0o755 },
  );
  return {
    path: file,
    calls: async (): Promise<
      Array<{ argv: string[]; cwd: string; env: Record<string, string> }>
    > => {
      try {
        return (await fs.readFile(callsFile, 'utf8'))
          .trim()
          .split('\n')
          .filter(Boolean)
          .map(l => JSON.parse(l));
      } catch {
        return [];
      }
    },
  };
}
