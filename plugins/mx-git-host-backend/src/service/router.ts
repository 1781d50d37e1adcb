import {
  DiscoveryService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { serveGitHttpBackend } from './gitHttpBackend';
import { RepoStore } from './repoStore';
import { LOCAL_GIT_HOST_PLUGIN_ID } from '@mx-backstage/plugin-mx-common';

const PUSH_REALM = 'MX git host: password = your Backstage token';
const PUSH_HELP =
  'Pushing to the MX local git host needs a Backstage token: use any user name and your token as the password (see the local git host README).\n';

/**
 * git speaks HTTP basic auth: `Authorization: Basic base64(user:password)`. The password is a
 * Backstage token, handed on as the bearer token Backstage's HttpAuthService reads.
 */
export function bearerFromBasicAuth(req: express.Request) {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!basic) return;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const password = decoded.slice(decoded.indexOf(':') + 1);
  if (password) req.headers.authorization = `Bearer ${password}`;
  else delete req.headers.authorization;
}

/**
 * Routes of the local git host:
 * - `GET|POST /repos/<name>.git/...` smart-HTTP git: clone/fetch open to anyone who can reach the
 *   backend, push only with a Backstage token (user or service), sent as a bearer token or as
 *   the password of HTTP basic auth (what plain `git push` sends after a 401 challenge);
 * - `POST /repos` create an empty repository (Backstage token required);
 * - `GET /repos` list; `GET /repos/<name>/blob/<ref>/<path>` raw file;
 *   `GET /repos/<name>/tree/<ref>/<path>` file listing.
 */
export async function createRouter(deps: {
  store: RepoStore;
  httpAuth: HttpAuthService;
  discovery: DiscoveryService;
  logger: LoggerService;
  /**
   * Who may push to a repository: resolves to undefined when allowed, else the refusal shown to
   * git. Default: anyone with a Backstage token.
   */
  mayPush?: (
    credentials: BackstageCredentials,
    name: string,
  ) => Promise<string | undefined>;
}): Promise<express.Router> {
  const { store, httpAuth, discovery, logger, mayPush } = deps;
  const router = Router();
  const externalBase = () =>
    discovery.getExternalBaseUrl(LOCAL_GIT_HOST_PLUGIN_ID);

  router.all(/^\/repos\/([a-z0-9-]+)\.git(\/.*)$/, async (req, res) => {
    const name = req.params[0];
    const gitPath = req.params[1];
    store.assertName(name);
    const isPush =
      gitPath === '/git-receive-pack' ||
      req.query.service === 'git-receive-pack';
    let remoteUser: string | undefined;
    if (isPush) {
      bearerFromBasicAuth(req);
      if (!req.headers.authorization) {
        // git sends credentials only after a challenge; then it asks its credential helper or
        // the user (user name: anything, password: a Backstage token).
        res
          .status(401)
          .set('www-authenticate', `Basic realm="${PUSH_REALM}"`)
          .type('text/plain')
          .send(PUSH_HELP);
        return;
      }
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      remoteUser =
        credentials.principal.type === 'user'
          ? credentials.principal.userEntityRef
          : credentials.principal.subject;
      const refusal = await mayPush?.(credentials, name);
      if (refusal) {
        logger.info(`refused a push to ${name} by ${remoteUser}: ${refusal}`);
        res.status(403).type('text/plain').send(`${refusal}\n`);
        return;
      }
      logger.info(`push to ${name} by ${remoteUser}`);
    }
    if (!(await store.exists(name))) {
      res
        .status(404)
        .type('text/plain')
        .send(`No repository named '${name}'\n`);
      return;
    }
    await serveGitHttpBackend({
      projectRoot: store.root,
      pathInfo: `/${name}.git${gitPath}`,
      remoteUser,
      req,
      res,
    });
  });

  router.post('/repos', express.json(), async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (!credentials) throw new NotAllowedError();
    const { name, description, defaultBranch } = req.body ?? {};
    if (typeof name !== 'string') {
      throw new InputError('Body must be JSON with a string "name"');
    }
    store.assertName(name);
    const cloneUrl = `${await externalBase()}/repos/${name}.git`;
    const created = await store.create(name, { description, defaultBranch });
    if (!created) {
      const empty = await store.isEmpty(name);
      res.status(409).json({
        error: {
          name: 'ConflictError',
          message: `Repository '${name}' already exists`,
        },
        empty,
        cloneUrl,
      });
      return;
    }
    logger.info(`created repository ${name}`);
    res.status(201).json({ name, cloneUrl });
  });

  router.get('/repos', async (_req, res) => {
    const base = await externalBase();
    const names = await store.list();
    res.json({
      repositories: names.map(name => ({
        name,
        cloneUrl: `${base}/repos/${name}.git`,
      })),
    });
  });

  router.get(
    /^\/repos\/([a-z0-9-]+)\/blob\/([^/]+)\/(.+)$/,
    async (req, res) => {
      const [name, ref, filePath] = [
        req.params[0],
        req.params[1],
        req.params[2],
      ];
      const { commit, data } = await store.readFile(name, ref, filePath);
      res.setHeader('etag', `"${commit}"`);
      res.type('text/plain').send(data);
    },
  );

  router.get(
    /^\/repos\/([a-z0-9-]+)\/tree\/([^/]+)(?:\/(.*))?$/,
    async (req, res) => {
      const [name, ref, dirPath] = [
        req.params[0],
        req.params[1],
        req.params[2] ?? '',
      ];
      const { commit, files } = await store.listFiles(name, ref, dirPath);
      res.setHeader('etag', `"${commit}"`);
      res
        .type('text/plain')
        .send(
          `# ${name} @ ${ref} (${commit.slice(
            0,
            12,
          )})\n# git clone ${await externalBase()}/repos/${name}.git\n${files.join(
            '\n',
          )}\n`,
        );
    },
  );

  return router;
}
