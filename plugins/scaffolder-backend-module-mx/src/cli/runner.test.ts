import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs/promises';
import path from 'node:path';
import { captureLogger, writeStandIn } from '../__testUtils__';
import {
  CliError,
  ToolUnavailableError,
  createCliRunner,
  isOlderVersion,
  readCliRunnerOptions,
} from './runner';
import { ConfigReader } from '@backstage/config';

const node = process.execPath;
const SECRET = 'mx-test-secret-7f3a9c1e';

async function waitForFile(file: string) {
  for (let i = 0; i < 500; i++) {
    try {
      return await fs.readFile(file, 'utf8');
    } catch {
      await new Promise(r => setTimeout(r, 20));
    }
  }
  throw new Error(`${file} never appeared`);
}

describe('createCliRunner', () => {
  const dir = createMockDirectory();
  beforeEach(() => dir.clear());

  it('redacts a secret the child prints on stdout and stderr from logs, results and errors', async () => {
    const { logger, text } = captureLogger();
    const runner = createCliRunner();
    const script = `console.log('token is ' + process.env.TOKEN); console.error('stderr: ' + process.env.TOKEN); process.exit(3)`;
    const error = await runner
      .run({
        command: node,
        args: ['-e', script],
        cwd: dir.path,
        env: { TOKEN: SECRET },
        secrets: [SECRET],
        logger,
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toContain('failed with exit code 3');
    expect(error.message).toContain('stderr: ***');
    expect(error.result.stdout).toBe('token is ***\n');
    expect(text()).toContain('token is ***');
    expect(text()).toContain('stderr: ***');
    expect(
      `${text()}${error.message}${JSON.stringify(error.result)}`,
    ).not.toContain(SECRET);
  });

  it('returns the exit code instead of throwing when allowFailure is set', async () => {
    const r = await createCliRunner().run({
      command: node,
      args: ['-e', 'process.stdout.write("partial"); process.exit(2)'],
      cwd: dir.path,
      allowFailure: true,
    });
    expect(r).toEqual({ exitCode: 2, stdout: 'partial', stderr: '' });
  });

  it('passes arguments literally, never through a shell', async () => {
    const r = await createCliRunner().run({
      command: node,
      args: [
        '-e',
        'console.log(JSON.stringify(process.argv.slice(1)))',
        '$(touch pwned)',
        '; rm -rf /',
        '`id`',
      ],
      cwd: dir.path,
    });
    expect(JSON.parse(r.stdout)).toEqual([
      '$(touch pwned)',
      '; rm -rf /',
      '`id`',
    ]);
    await expect(fs.readdir(dir.path)).resolves.toEqual([]);
  });

  it('cancels through the AbortSignal with SIGINT first, then SIGTERM', async () => {
    const marker = path.join(dir.path, 'signals.txt');
    // The child ignores the first SIGINT (as terraform does while it releases its lock), records
    // every signal, and exits on SIGTERM.
    const script = `
      const fs = require('fs');
      process.on('SIGINT', () => fs.appendFileSync(${JSON.stringify(
        marker,
      )}, 'SIGINT\\n'));
      process.on('SIGTERM', () => { fs.appendFileSync(${JSON.stringify(
        marker,
      )}, 'SIGTERM\\n'); process.exit(143); });
      fs.appendFileSync(${JSON.stringify(marker)}, 'started\\n');
      setInterval(() => {}, 1000);`;
    const controller = new AbortController();
    const { logger, text } = captureLogger();
    const running = createCliRunner().run({
      command: node,
      args: ['-e', script],
      cwd: dir.path,
      signal: controller.signal,
      killGraceMs: 200,
      logger,
    });
    await waitForFile(marker);
    controller.abort();
    const error = await running.catch(e => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.result.cancelled).toBe(true);
    expect(error.message).toContain('was cancelled');
    expect((await fs.readFile(marker, 'utf8')).split('\n')).toEqual([
      'started',
      'SIGINT',
      'SIGTERM',
      '',
    ]);
    expect(text()).toContain('sent SIGINT');
  });

  it('stops a run that exceeds its timeout and says so', async () => {
    const error = await createCliRunner({
      tools: { [node]: { timeoutMs: 300 } },
    })
      .run({
        command: node,
        args: ['-e', 'setInterval(() => {}, 1000)'],
        cwd: dir.path,
        killGraceMs: 200,
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.result.timedOut).toBe(true);
    expect(error.message).toContain('timed out after 300 ms');
  });

  it('names the tool and how to fix it when the binary is missing', async () => {
    const error = await createCliRunner({
      tools: { terraform: { path: path.join(dir.path, 'no-such-terraform') } },
    })
      .run({ command: 'terraform', args: ['version'], cwd: dir.path })
      .catch(e => e);
    expect(error).toBeInstanceOf(ToolUnavailableError);
    expect(error.message).toContain('terraform was not found');
    expect(error.message).toContain('mx.tools.terraform.path');
    expect(error.message).toContain('1.5.0 or newer');
  });

  it('refuses a tool older than its minimum version, naming found and needed versions', async () => {
    // Stand-in for devspace: answers `devspace version` like the real CLI does.
    const devspace = await writeStandIn(
      path.join(dir.path, 'bin'),
      'devspace',
      `record(); if (argv[0] === 'version') { console.log('DevSpace version : 5.18.5'); process.exit(0); } process.exit(0);`,
    );
    const runner = createCliRunner({
      tools: { devspace: { path: devspace.path, minVersion: '6.3.0' } },
    });
    const error = await runner
      .run({ command: 'devspace', args: ['deploy'], cwd: dir.path })
      .catch(e => e);
    expect(error).toBeInstanceOf(ToolUnavailableError);
    expect(error.message).toContain('devspace 5.18.5');
    expect(error.message).toContain('6.3.0 or newer is needed');
    expect((await devspace.calls()).map(c => c.argv)).toEqual([['version']]);
  });

  it('checks the version once and then runs the tool', async () => {
    const git = await createCliRunner({
      tools: { git: { minVersion: '2.0.0' } },
    });
    const a = await git.run({
      command: 'git',
      args: ['--version'],
      cwd: dir.path,
    });
    expect(a.stdout).toMatch(/^git version \d+\.\d+/);
  });

  it('reads tool paths, minimum versions and timeouts from mx.tools', () => {
    expect(
      readCliRunnerOptions(
        new ConfigReader({
          mx: {
            tools: {
              terraform: {
                path: '/opt/terraform',
                minVersion: '1.9.0',
                timeoutMinutes: 1.5,
              },
              gcloud: {},
            },
          },
        }),
      ),
    ).toEqual({
      tools: {
        terraform: {
          path: '/opt/terraform',
          minVersion: '1.9.0',
          timeoutMs: 90_000,
        },
        gcloud: {
          path: undefined,
          minVersion: undefined,
          timeoutMs: undefined,
        },
      },
    });
  });

  it('compares versions numerically', () => {
    expect(isOlderVersion('1.9.0', '1.10.0')).toBe(true);
    expect(isOlderVersion('1.11.4', '1.5.0')).toBe(false);
    expect(isOlderVersion('6.3.0', '6.3.0')).toBe(false);
  });
});
