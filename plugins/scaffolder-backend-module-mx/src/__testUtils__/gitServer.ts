/*
 * Test helper (not exported from the package): a real smart-HTTP git server on 127.0.0.1 —
 * `git http-backend` behind a tiny node http server — shaped like the two hosts MX grows
 * projects on:
 * - the local git host: `/api/mx-git-host/repos/<name>.git`, clone open, push needs a Bearer token;
 * - a GitHub stand-in for git over HTTPS: `/<owner>/<repo>.git` behind Basic auth
 *   (x-access-token:<token>). GitHub's REST API (pull requests) is `__testUtils__/fakeGithubApi.ts`.
 * Every Authorization header it receives is recorded for assertions.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileP('git', args, {
    cwd,
    env: GIT_ENV,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

export interface GrowTestGitServer {
  baseUrl: string;
  /** Authorization headers received on pushes to the local host, and on any GitHub request. */
  authHeaders: string[];
  /** Request URLs (path + query) received, in order. */
  requests: string[];
  /** Creates a bare repository with one commit of `files` on `main`; returns its bare dir. */
  createRepo(
    kind: 'local' | 'github',
    name: string,
    files: Record<string, string>,
  ): Promise<string>;
  bareDir(kind: 'local' | 'github', name: string): string;
  stop(): Promise<void>;
}

export async function startGrowTestGitServer(options: {
  root: string;
  githubToken: string;
}): Promise<GrowTestGitServer> {
  const localRoot = path.join(options.root, 'local');
  const githubRoot = path.join(options.root, 'github');
  await fs.mkdir(localRoot, { recursive: true });
  await fs.mkdir(githubRoot, { recursive: true });
  const expectedBasic = `Basic ${Buffer.from(
    `x-access-token:${options.githubToken}`,
  ).toString('base64')}`;
  const authHeaders: string[] = [];
  const requests: string[] = [];
  let baseUrl = '';

  const cgi = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    projectRoot: string,
    pathInfo: string,
    query: string,
    remoteUser: string,
  ) => {
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: pathInfo,
        REQUEST_METHOD: req.method,
        QUERY_STRING: query,
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-length']
          ? { CONTENT_LENGTH: req.headers['content-length'] }
          : {}),
        ...(req.headers['content-encoding']
          ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) }
          : {}),
        ...(req.headers['git-protocol']
          ? { GIT_PROTOCOL: String(req.headers['git-protocol']) }
          : {}),
        REMOTE_USER: remoteUser,
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    let head = Buffer.alloc(0);
    let done = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (done) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const sep = head.indexOf('\r\n\r\n');
      if (sep < 0) return;
      done = true;
      let status = 200;
      for (const line of head.subarray(0, sep).toString().split('\r\n')) {
        const i = line.indexOf(':');
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === 'status') status = parseInt(v, 10);
        else res.setHeader(k, v);
      }
      res.statusCode = status;
      res.write(head.subarray(sep + 4));
    });
    child.on('close', () => {
      if (!done) res.statusCode = 500;
      res.end();
    });
    req.pipe(child.stdin);
    child.stdin.on('error', () => {});
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const query = url.search.replace(/^\?/, '');
    const auth = req.headers.authorization;

    const local = /^\/api\/mx-git-host\/repos\/([a-z0-9-]+\.git)(\/.*)$/.exec(
      url.pathname,
    );
    if (local) {
      const isPush =
        local[2] === '/git-receive-pack' ||
        url.searchParams.get('service') === 'git-receive-pack';
      if (isPush) {
        if (!auth?.startsWith('Bearer ')) {
          res.writeHead(401, { 'content-type': 'text/plain' });
          res.end('push needs a Backstage token\n');
          return;
        }
        authHeaders.push(auth);
      }
      cgi(
        req,
        res,
        localRoot,
        `/${local[1]}${local[2]}`,
        query,
        isPush ? 'backstage' : '',
      );
      return;
    }

    const gh = /^\/([^/]+)\/([^/]+\.git)(\/.*)$/.exec(url.pathname);
    if (gh) {
      if (auth) authHeaders.push(auth);
      if (auth !== expectedBasic) {
        res.writeHead(401, {
          'content-type': 'text/plain',
          'www-authenticate': 'Basic realm="github"',
        });
        res.end('bad credentials\n');
        return;
      }
      cgi(
        req,
        res,
        path.join(githubRoot, gh[1]),
        `/${gh[2]}${gh[3]}`,
        query,
        'github',
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const bareDir = (kind: 'local' | 'github', name: string) =>
    kind === 'local'
      ? path.join(localRoot, `${name}.git`)
      : `${path.join(githubRoot, ...name.split('/'))}.git`;

  return {
    baseUrl,
    authHeaders,
    requests,
    bareDir,
    async createRepo(kind, name, files) {
      const bare = bareDir(kind, name);
      await fs.mkdir(bare, { recursive: true });
      await git(bare, ['init', '--bare', '--quiet', '--initial-branch=main']);
      await git(bare, ['config', 'http.receivepack', 'true']);
      const work = await fs.mkdtemp(path.join(options.root, 'seed-'));
      await git(work, ['init', '--quiet', '--initial-branch=main']);
      for (const [p, content] of Object.entries(files)) {
        await fs.mkdir(path.dirname(path.join(work, p)), { recursive: true });
        await fs.writeFile(path.join(work, p), content);
      }
      await git(work, ['add', '--all']);
      await git(work, ['commit', '--quiet', '-m', 'Initial commit']);
      await git(work, ['push', '--quiet', bare, 'HEAD:refs/heads/main']);
      await fs.rm(work, { recursive: true, force: true });
      return bare;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(e => (e ? reject(e) : resolve()));
      }),
  };
}
