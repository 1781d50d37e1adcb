/*
 * A fake GitHub REST API for tests, served with msw (`setupServer`, `http.get/post`): only the
 * endpoints MX calls, answering with the response shapes (fields, status codes, error bodies) of
 * GitHub's REST docs — docs.github.com/rest/git/{blobs,trees,commits,refs} and /rest/pulls/pulls.
 * Blob and tree hashes are content addresses (same content → same sha) as on GitHub; each new commit
 * gets a new sha. Every request is recorded for assertions. The response bodies are typed with
 * Octokit's types generated from GitHub's OpenAPI description, so tsc checks them: complete for
 * the git endpoints, the fields present (names and types) for pull requests.
 */
import crypto from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { GithubClient } from '../lib/githubPullRequests';

// Octokit's own response types (generated from GitHub's OpenAPI description): tsc checks that the
// fake's bodies have GitHub's fields and types.
type Git = GithubClient['rest']['git'];
type Pulls = GithubClient['rest']['pulls'];
type Data<F extends (...args: any) => any> = Awaited<ReturnType<F>>['data'];
type DeepPartial<T> = T extends object
  ? { [K in keyof T]?: DeepPartial<T[K]> }
  : T;

export const FAKE_GITHUB_HOST = 'ghe.example.test';
export const FAKE_GITHUB_API = `https://${FAKE_GITHUB_HOST}/api/v3`;

interface Commit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}
interface Pull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  headRepo: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
}

const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const sha1 = (text: string | Buffer) =>
  crypto.createHash('sha1').update(text).digest('hex');

function gitBlobSha(content: Buffer): string {
  return sha1(
    Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]),
  );
}

export function createFakeGithub(options: { owner: string; repo: string }) {
  const { owner, repo } = options;
  const repoApi = `${FAKE_GITHUB_API}/repos/${owner}/${repo}`;
  const repoHtml = `https://${FAKE_GITHUB_HOST}/${owner}/${repo}`;
  const commits = new Map<string, Commit>();
  const refs = new Map<string, string>();
  const pulls: Pull[] = [];
  const requests: RecordedRequest[] = [];
  let commitCounter = 0;

  const repository = {
    id: 1296269,
    node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
    name: repo,
    full_name: `${owner}/${repo}`,
    private: true,
    html_url: repoHtml,
    url: repoApi,
    default_branch: 'main',
  };
  const user = {
    login: owner,
    id: 1,
    node_id: 'MDQ6VXNlcjE=',
    type: 'Organization',
    url: `${FAKE_GITHUB_API}/users/${owner}`,
  };

  const commitJson = (c: Commit): Data<Git['getCommit']> => ({
    sha: c.sha,
    node_id: `C_${c.sha.slice(0, 10)}`,
    url: `${repoApi}/git/commits/${c.sha}`,
    html_url: `${repoHtml}/commit/${c.sha}`,
    author: {
      date: '2026-12-01T12:00:00Z',
      name: 'MX',
      email: 'mx@example.com',
    },
    committer: {
      date: '2026-12-01T12:00:00Z',
      name: 'MX',
      email: 'mx@example.com',
    },
    message: c.message,
    tree: { url: `${repoApi}/git/trees/${c.tree}`, sha: c.tree },
    parents: c.parents.map(p => ({
      url: `${repoApi}/git/commits/${p}`,
      sha: p,
      html_url: `${repoHtml}/commit/${p}`,
    })),
    verification: {
      verified: false,
      reason: 'unsigned',
      signature: null,
      payload: null,
      verified_at: null,
    },
  });
  const refJson = (ref: string, sha: string): Data<Git['createRef']> => ({
    ref: `refs/heads/${ref}`,
    node_id: `REF_${sha1(ref).slice(0, 10)}`,
    url: `${repoApi}/git/refs/heads/${ref}`,
    object: { type: 'commit', sha, url: `${repoApi}/git/commits/${sha}` },
  });
  const branchJson = (ref: string, repoFullName = `${owner}/${repo}`) => ({
    label: `${repoFullName.split('/')[0]}:${ref}`,
    ref,
    sha: refs.get(ref) ?? '0'.repeat(40),
    user,
    repo: { ...repository, full_name: repoFullName },
  });
  // A subset of GitHub's pull request object: the fields MX and Octokit read, with GitHub's types.
  const pullJson = (p: Pull): DeepPartial<Data<Pulls['create']>> => ({
    url: `${repoApi}/pulls/${p.number}`,
    id: 1000 + p.number,
    node_id: `PR_${p.number}`,
    html_url: `${repoHtml}/pull/${p.number}`,
    diff_url: `${repoHtml}/pull/${p.number}.diff`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user,
    body: p.body,
    labels: [],
    draft: false,
    created_at: '2026-12-01T12:00:00Z',
    updated_at: '2026-12-01T12:00:00Z',
    closed_at: null,
    merged_at: null,
    head: branchJson(p.head, p.headRepo),
    base: branchJson(p.base),
    author_association: 'MEMBER',
  });
  const validationFailed = (message: string, doc: string) =>
    HttpResponse.json(
      {
        message: 'Validation Failed',
        errors: [{ resource: 'PullRequest', code: 'custom', message }],
        documentation_url: `https://docs.github.com/rest/${doc}`,
        status: '422',
      },
      { status: 422 },
    );

  const record = async (request: Request) => {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    const entry: RecordedRequest = {
      method: request.method,
      path: url.pathname.replace(`/api/v3/repos/${owner}/${repo}`, ''),
      query: Object.fromEntries(url.searchParams),
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(entry);
    return entry;
  };

  const handlers = [
    http.get(`${repoApi}/git/commits/:sha`, async ({ request, params }) => {
      await record(request);
      const c = commits.get(String(params.sha));
      if (!c) {
        return HttpResponse.json(
          {
            message: 'Not Found',
            documentation_url:
              'https://docs.github.com/rest/git/commits#get-a-commit-object',
            status: '404',
          },
          { status: 404 },
        );
      }
      return HttpResponse.json(commitJson(c));
    }),
    http.post(`${repoApi}/git/blobs`, async ({ request }) => {
      const { body } = await record(request);
      const sha = gitBlobSha(Buffer.from(body.content, body.encoding));
      const blob: Data<Git['createBlob']> = {
        url: `${repoApi}/git/blobs/${sha}`,
        sha,
      };
      return HttpResponse.json(blob, { status: 201 });
    }),
    http.post(`${repoApi}/git/trees`, async ({ request }) => {
      const { body } = await record(request);
      const sha = sha1(JSON.stringify([body.base_tree, body.tree]));
      const tree: Data<Git['createTree']> = {
        sha,
        url: `${repoApi}/git/trees/${sha}`,
        tree: body.tree
          .filter((e: { sha: string | null }) => e.sha !== null)
          .map((e: { path: string; mode: string; sha: string }) => ({
            path: e.path,
            mode: e.mode,
            type: 'blob',
            sha: e.sha,
            url: `${repoApi}/git/blobs/${e.sha}`,
          })),
        truncated: false,
      };
      return HttpResponse.json(tree, { status: 201 });
    }),
    http.post(`${repoApi}/git/commits`, async ({ request }) => {
      const { body } = await record(request);
      const c: Commit = {
        sha: sha1(`commit ${++commitCounter} ${body.tree}`),
        tree: body.tree,
        parents: body.parents,
        message: body.message,
      };
      commits.set(c.sha, c);
      return HttpResponse.json(commitJson(c), { status: 201 });
    }),
    http.post(`${repoApi}/git/refs`, async ({ request }) => {
      const { body } = await record(request);
      const ref = String(body.ref).replace(/^refs\/heads\//, '');
      if (refs.has(ref)) {
        return HttpResponse.json(
          {
            message: 'Reference already exists',
            documentation_url:
              'https://docs.github.com/rest/git/refs#create-a-reference',
            status: '422',
          },
          { status: 422 },
        );
      }
      refs.set(ref, body.sha);
      return HttpResponse.json(refJson(ref, body.sha), { status: 201 });
    }),
    // Octokit sends `heads/<branch>` URL-encoded (`heads%2Fmx%2F…`); GitHub accepts both.
    http.get(
      new RegExp(`^${escapeRegExp(repoApi)}/git/ref/`),
      async ({ request }) => {
        await record(request);
        const ref = decodeURIComponent(
          new URL(request.url).pathname.split('/git/ref/')[1],
        ).replace(/^heads\//, '');
        const sha = refs.get(ref);
        if (!sha) {
          return HttpResponse.json(
            {
              message: 'Not Found',
              documentation_url:
                'https://docs.github.com/rest/git/refs#get-a-reference',
              status: '404',
            },
            { status: 404 },
          );
        }
        return HttpResponse.json(refJson(ref, sha));
      },
    ),
    http.post(`${repoApi}/pulls`, async ({ request }) => {
      const { body } = await record(request);
      if (!refs.has(body.head)) {
        return validationFailed(
          `head ${body.head} does not exist`,
          'pulls/pulls#create-a-pull-request',
        );
      }
      if (pulls.some(p => p.state === 'open' && p.head === body.head)) {
        return validationFailed(
          `A pull request already exists for ${owner}:${body.head}.`,
          'pulls/pulls#create-a-pull-request',
        );
      }
      const p: Pull = {
        number: pulls.length + 1,
        head: body.head,
        base: body.base,
        title: body.title,
        body: body.body,
        state: 'open',
        headRepo: `${owner}/${repo}`,
      };
      pulls.push(p);
      return HttpResponse.json(pullJson(p), { status: 201 });
    }),
    http.get(`${repoApi}/pulls`, async ({ request }) => {
      const { query } = await record(request);
      const state = query.state ?? 'open';
      const list = pulls.filter(
        p =>
          (state === 'all' || p.state === state) &&
          (!query.base || p.base === query.base) &&
          (!query.head ||
            `${p.headRepo.split('/')[0]}:${p.head}` === query.head),
      );
      return HttpResponse.json(list.map(pullJson));
    }),
  ];

  return {
    server: setupServer(...handlers),
    requests,
    pulls,
    refs,
    /** A commit that exists on the fake host (the clone's HEAD). */
    addCommit(sha: string, tree: string, message = 'Initial commit') {
      commits.set(sha, { sha, tree, parents: [], message });
    },
    commit: (sha: string) => commits.get(sha),
    /** An open pull request someone else opened (or an earlier run left). */
    addPull(
      p: Omit<Pull, 'number' | 'state' | 'headRepo'> & {
        state?: 'open' | 'closed';
        headRepo?: string;
      },
    ) {
      const pull: Pull = {
        state: 'open',
        headRepo: `${owner}/${repo}`,
        number: pulls.length + 1,
        ...p,
      };
      pulls.push(pull);
      return pull;
    },
    integrationConfig: {
      host: FAKE_GITHUB_HOST,
      apiBaseUrl: FAKE_GITHUB_API,
      token: 'ghs_fakeGithubToken1234567890',
    },
    remoteUrl: `${repoHtml}.git`,
  };
}
