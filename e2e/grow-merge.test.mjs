// End to end: a user edits catalog-info.yaml by hand (a tag, a PagerDuty annotation, a team wiki
// link, with comments) and pushes with plain git; then the CVAT labeling generator runs through
// the real backend and the local git host. The structural merge keeps everything: no conflict,
// the user's four edits and CVAT's link all present, comments and order kept. A second project
// where the user set the same annotation CVAT sets gets one conflict, reported with its path, the
// user's value kept and the rest of CVAT's changes merged.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { api, startBackend } from './lib/backend.mjs';
import { gitAs } from './lib/git.mjs';

const project = name => ({
  name,
  client: 'Acme Bank',
  owner: 'group:default/ml-engineers',
  engineers: ['user:default/ada'],
  gcpProjectId: 'acme-fraud-42',
  region: 'europe-west4',
});
const cvat = name => ({
  project: `component:default/${name}`,
  storageGi: 50,
  storageClass: 'standard-rwo',
  baseDomain: 'labs.example.com',
  dnsZone: 'labs-example-com',
});

const logOf = result =>
  (result.events ?? [])
    .filter(e => e.type === 'log')
    .map(e => e.body.message)
    .join('\n');

/** The text the template shows at the end ("Next steps"), which carries the reconcile summary. */
const outputTextOf = result => {
  const completion = (result.events ?? []).find(e => e.type === 'completion');
  return (completion?.body?.output?.text ?? []).map(t => t.content).join('\n');
};

/** Every line of `sub` appears in `text`, in the same order. */
function assertLinesInOrder(sub, text) {
  const lines = text.split('\n');
  let at = 0;
  for (const line of sub.split('\n').filter(Boolean)) {
    const found = lines.indexOf(line, at);
    assert.ok(found >= 0, `line kept in order: ${JSON.stringify(line)}\n--- merged:\n${text}`);
    at = found + 1;
  }
}

describe('growing a hand-edited project: structural merge of catalog-info.yaml', () => {
  let backend;
  let client;
  let git;
  const remote = name => `${backend.baseUrl}/api/mx-git-host/repos/${name}.git`;

  before(async () => {
    backend = await startBackend();
    const token = await backend.token();
    client = api(backend.baseUrl, token);
    // The user pushes with plain git; the token reaches git through its environment only.
    git = gitAs(token, { name: 'Ada', email: 'ada@example.com' });
    await client.waitForEntity('template:default/cvat-labeling');
  });

  after(async () => {
    await backend?.stop();
  });

  /** Creates a project, applies `edit` to its catalog-info.yaml in a clone and pushes it. */
  async function createAndEdit(name, edit) {
    const created = await client.runTask('template:default/ml-project', project(name));
    assert.equal(created.task?.status, 'completed', logOf(created));
    const dir = path.join(backend.tmp, `clone-${name}`);
    git(['clone', '--quiet', remote(name), dir]);
    const file = path.join(dir, 'catalog-info.yaml');
    const edited = edit(await fs.readFile(file, 'utf8'));
    await fs.writeFile(file, edited);
    git(['commit', '--quiet', '-am', 'Our tag, on-call service and wiki'], dir);
    git(['push', '--quiet', 'origin', 'HEAD:main'], dir);
    return { dir, edited };
  }

  async function addCvat(name, dir) {
    // The catalog registers the new component asynchronously; the generator checks it out from there.
    await client.waitForEntity(`component:default/${name}`);
    const result = await client.runTask('template:default/cvat-labeling', cvat(name));
    assert.equal(result.task?.status, 'completed', logOf(result));
    git(['pull', '--quiet', '--ff-only', 'origin', 'main'], dir);
    return {
      result,
      text: await fs.readFile(path.join(dir, 'catalog-info.yaml'), 'utf8'),
      state: YAML.parse(await fs.readFile(path.join(dir, '.mx/state.yaml'), 'utf8')),
    };
  }

  it('adds CVAT to a catalog-info.yaml with a hand-added tag, annotation and link: no conflict, everything kept', async () => {
    const { dir, edited } = await createAndEdit('fraud-detection', text =>
      text
        .replace('    - gcp\n', '    - gcp\n    - payments # our team tag\n')
        .replace(
          '  annotations:\n',
          '  annotations:\n    # pages the fraud on-call rotation\n    pagerduty.com/service-id: PX1234\n',
        )
        .replace(
          /( {2}links:\n(?: {4}.*\n)*)/,
          '$1    # our own documentation\n    - url: https://wiki.example.com/fraud\n      title: Team wiki\n      icon: docs\n',
        ),
    );
    assert.match(edited, /Team wiki/, 'the edit applied to the generated file');

    const { result, text, state } = await addCvat('fraud-detection', dir);
    const summary = outputTextOf(result);
    assert.doesNotMatch(summary, /conflict/i, summary);
    assert.match(summary, /Merged with your edits \(1\)\n- `catalog-info.yaml`/);
    assert.match(summary, /MX added .*`metadata\.links\[url=https:\/\/labeling\.fraud-detection\.labs\.example\.com\/\]`/);
    assert.match(summary, /your edits kept: .*`metadata\.annotations\["pagerduty\.com\/service-id"\]` \(added\)/);

    const entity = YAML.parse(text);
    assert.ok(entity.metadata.tags.includes('payments'), 'the tag');
    assert.equal(entity.metadata.annotations['pagerduty.com/service-id'], 'PX1234');
    const urls = entity.metadata.links.map(l => l.url);
    assert.ok(urls.includes('https://wiki.example.com/fraud'), 'the wiki link');
    assert.ok(urls.includes('https://labeling.fraud-detection.labs.example.com/'), "CVAT's link");
    assert.equal(
      entity.metadata.annotations['mx.backstage.io/domain'],
      'fraud-detection.labs.example.com',
    );
    // Comments, order and formatting: the user's file is in the result line by line.
    assertLinesInOrder(edited, text);
    assert.equal(state.files['catalog-info.yaml'].merge, 'structural');
    // The direct commit on the local git host carries the same report in its body.
    const body = git(['log', '-1', '--format=%b'], dir);
    assert.match(body, /Merged with your edits \(1\)\n- `catalog-info.yaml`/);
    assert.match(body, /your edits kept: /);
  });

  it('reports a real conflict with its path and both values, keeps the user\'s value and merges the rest', async () => {
    const { dir } = await createAndEdit('churn-model', text =>
      text
        .replace('    - gcp\n', '    - gcp\n    - retention\n')
        .replace(
          '  annotations:\n',
          '  annotations:\n    mx.backstage.io/domain: churn.internal.example.com # our own ingress\n',
        ),
    );
    const { result, text } = await addCvat('churn-model', dir);
    const summary = outputTextOf(result);
    assert.match(summary, /\*\*1 conflict left for you to resolve\*\*/, summary);
    assert.match(
      summary,
      /- `metadata\.annotations\["mx\.backstage\.io\/domain"\]`: kept yours `churn\.internal\.example\.com`; MX wanted `churn-model\.labs\.example\.com`/,
    );
    const entity = YAML.parse(text);
    assert.equal(entity.metadata.annotations['mx.backstage.io/domain'], 'churn.internal.example.com');
    assert.match(text, /# our own ingress/);
    assert.ok(entity.metadata.tags.includes('retention'));
    // The rest of CVAT's changes are in.
    assert.ok(
      entity.metadata.links.some(l => l.url === 'https://labeling.churn-model.labs.example.com/'),
      "CVAT's link merged despite the conflict",
    );
    assert.match(entity.metadata.annotations['mx.backstage.io/endpoints'], /CVAT labeling=/);
  });
});
