import { spawn } from 'node:child_process';
import { Request, Response } from 'express';

/**
 * Runs `git http-backend` (git's own smart-HTTP server, a CGI program) for one request and
 * streams its answer back. `pathInfo` is `/<name>.git/<git path>`.
 */
export function serveGitHttpBackend(options: {
  projectRoot: string;
  pathInfo: string;
  remoteUser?: string;
  req: Request;
  res: Response;
}): Promise<void> {
  const { req, res } = options;
  const query = req.originalUrl.includes('?')
    ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1)
    : '';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: options.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_HTTP_MAX_REQUEST_BUFFER: '100M',
    PATH_INFO: options.pathInfo,
    REQUEST_METHOD: req.method,
    QUERY_STRING: query,
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    REMOTE_USER: options.remoteUser ?? '',
  };
  if (req.headers['content-encoding']) {
    env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
  }
  if (req.headers['git-protocol']) {
    env.GIT_PROTOCOL = String(req.headers['git-protocol']);
  }
  if (req.headers['content-length']) {
    env.CONTENT_LENGTH = String(req.headers['content-length']);
  }

  return new Promise((resolve, reject) => {
    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let headerBuf = Buffer.alloc(0);
    let headersDone = false;
    let stderr = '';
    child.stderr.on('data', d => {
      stderr += d.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      headerBuf = Buffer.concat([headerBuf, chunk]);
      let sep = headerBuf.indexOf('\r\n\r\n');
      let sepLen = 4;
      if (sep < 0) {
        sep = headerBuf.indexOf('\n\n');
        sepLen = 2;
      }
      if (sep < 0) return;
      headersDone = true;
      const head = headerBuf.subarray(0, sep).toString('utf8');
      let status = 200;
      for (const line of head.split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i < 0) continue;
        const key = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (key.toLowerCase() === 'status') status = parseInt(value, 10) || 200;
        else res.setHeader(key, value);
      }
      res.status(status);
      const rest = headerBuf.subarray(sep + sepLen);
      if (rest.length) res.write(rest);
    });
    child.on('error', reject);
    child.on('close', code => {
      if (!headersDone) {
        res.status(500).type('text/plain').send(`git http-backend failed (${code}): ${stderr}`);
      } else {
        res.end();
      }
      resolve();
    });
    req.pipe(child.stdin);
    child.stdin.on('error', () => {});
  });
}
