// git as a signed-in person on the local git host, for end-to-end tests.
import { execFileSync } from 'node:child_process';

/**
 * Environment for git acting as a signed-in person on the local git host: the Backstage token
 * reaches git as an HTTP header through its environment only (never in argv or a config file),
 * and commits are by `author` (default `e2e`).
 *
 * @param {string} token
 * @param {{ name?: string, email?: string }} [author]
 */
export function gitEnvAs(token, author = {}) {
  const name = author.name ?? 'e2e';
  const email = author.email ?? 'e2e@example.com';
  return {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: email,
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Bearer ${token}`,
  };
}

/**
 * `git(args, cwd)` running as the signed-in person with `token` (see {@link gitEnvAs}); returns
 * stdout.
 *
 * @param {string} token
 * @param {{ name?: string, email?: string }} [author]
 */
export function gitAs(token, author) {
  const env = gitEnvAs(token, author);
  return (args, cwd) => execFileSync('git', args, { cwd, encoding: 'utf8', env });
}
