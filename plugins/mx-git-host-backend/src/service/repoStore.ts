import { NotFoundError, InputError } from '@backstage/errors';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Readable } from 'node:stream';

const execFileP = promisify(execFile);

export const REPO_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REF_PATTERN = /^[A-Za-z0-9._][A-Za-z0-9._/-]*$/;

/** Bare repositories on disk, one folder `<name>.git` each. All git access goes through here. */
export class RepoStore {
  constructor(readonly root: string) {}

  static fromConfig(config: {
    getOptionalString(key: string): string | undefined;
  }): RepoStore {
    return new RepoStore(
      path.resolve(
        config.getOptionalString('mx.gitHost.root') ?? '.mx-git-host',
      ),
    );
  }

  assertName(name: string) {
    if (!REPO_NAME_PATTERN.test(name) || name.length > 63) {
      throw new InputError(
        `Invalid repository name '${name}': use lowercase letters, digits and single hyphens (at most 63 characters)`,
      );
    }
  }

  assertRef(ref: string) {
    if (!REF_PATTERN.test(ref) || ref.includes('..')) {
      throw new InputError(`Invalid git ref '${ref}'`);
    }
  }

  dir(name: string) {
    this.assertName(name);
    return path.join(this.root, `${name}.git`);
  }

  async exists(name: string) {
    return fs
      .stat(this.dir(name))
      .then(s => s.isDirectory())
      .catch(() => false);
  }

  async isEmpty(name: string) {
    const { stdout } = await this.git(name, ['for-each-ref', '--count=1']);
    return stdout.trim() === '';
  }

  /** Creates an empty bare repository; false if one already exists. */
  async create(
    name: string,
    opts: { description?: string; defaultBranch?: string },
  ) {
    const dir = this.dir(name);
    await fs.mkdir(this.root, { recursive: true });
    try {
      await fs.mkdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
    const branch = opts.defaultBranch ?? 'main';
    this.assertRef(branch);
    await execFileP('git', [
      'init',
      '--bare',
      '--quiet',
      `--initial-branch=${branch}`,
      dir,
    ]);
    await execFileP('git', ['-C', dir, 'config', 'http.receivepack', 'true']);
    if (opts.description) {
      await fs.writeFile(
        path.join(dir, 'description'),
        `${opts.description}\n`,
      );
    }
    return true;
  }

  async list(): Promise<string[]> {
    const entries = await fs.readdir(this.root).catch(() => [] as string[]);
    return entries
      .filter(e => e.endsWith('.git'))
      .map(e => e.slice(0, -4))
      .filter(n => REPO_NAME_PATTERN.test(n))
      .sort();
  }

  async git(name: string, args: string[]) {
    if (!(await this.exists(name))) {
      throw new NotFoundError(
        `No repository named '${name}' on the local git host`,
      );
    }
    return execFileP('git', ['-C', this.dir(name), ...args], {
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'buffer',
    }).then(r => ({ stdout: r.stdout.toString('utf8'), raw: r.stdout }));
  }

  /** The branch HEAD names, or undefined for a repository with no commit yet. */
  async defaultBranch(name: string): Promise<string | undefined> {
    try {
      const { stdout } = await this.git(name, [
        'symbolic-ref',
        '--short',
        'HEAD',
      ]);
      const branch = stdout.trim();
      await this.resolveCommit(name, branch);
      return branch;
    } catch {
      return undefined;
    }
  }

  async resolveCommit(name: string, ref: string): Promise<string> {
    this.assertRef(ref);
    try {
      const { stdout } = await this.git(name, [
        'rev-parse',
        '--verify',
        '--quiet',
        `${ref}^{commit}`,
      ]);
      return stdout.trim();
    } catch (e) {
      if (e instanceof NotFoundError) throw e;
      throw new NotFoundError(
        `Repository '${name}' has no branch or commit '${ref}'`,
      );
    }
  }

  async readFile(name: string, ref: string, filePath: string) {
    const commit = await this.resolveCommit(name, ref);
    const clean = normalizeRepoPath(filePath);
    try {
      const { raw } = await this.git(name, [
        'cat-file',
        'blob',
        `${commit}:${clean}`,
      ]);
      return { commit, data: raw };
    } catch {
      throw new NotFoundError(
        `'${clean}' does not exist in '${name}' at '${ref}'`,
      );
    }
  }

  async listFiles(
    name: string,
    ref: string,
    dirPath = '',
  ): Promise<{ commit: string; files: string[] }> {
    const commit = await this.resolveCommit(name, ref);
    const clean = normalizeRepoPath(dirPath);
    const args = ['ls-tree', '-r', '--name-only', '-z', commit];
    if (clean) args.push('--', `${clean}/`);
    const { stdout } = await this.git(name, args);
    return { commit, files: stdout.split('\0').filter(Boolean) };
  }

  /** A tar stream of the tree at `ref` (optionally one folder of it). */
  archive(name: string, commit: string): Readable {
    const child = spawn(
      'git',
      ['-C', this.dir(name), 'archive', '--format=tar', commit],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    return child.stdout;
  }
}

/** A repository-relative path with no way out of the repository. */
export function normalizeRepoPath(p: string): string {
  const clean = path.posix.normalize(`/${p}`).slice(1).replace(/\/+$/, '');
  if (clean.split('/').includes('..')) {
    throw new InputError(`Invalid path '${p}'`);
  }
  return clean;
}
