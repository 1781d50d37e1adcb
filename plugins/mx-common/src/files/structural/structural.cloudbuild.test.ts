import { merge } from './__testUtils__';

const CLOUDBUILD = `steps:
  - id: mx-image-build
    name: gcr.io/cloud-builders/docker
    args: [build, -t, img, .]
  - id: mx-image-push
    name: gcr.io/cloud-builders/docker
    args: [push, img]
options:
  logging: CLOUD_LOGGING_ONLY
`;

describe('mergeStructured: cloudbuild.yaml', () => {
  it("keeps the user's step where they put it and adds the generator's step after its predecessor", () => {
    const user = CLOUDBUILD.replace(
      '  - id: mx-image-push\n',
      '  - id: smoke-test # ours\n    name: python:3.11\n    args: [-c, "print(1)"]\n  - id: mx-image-push\n',
    );
    const render = CLOUDBUILD.replace(
      '  - id: mx-image-push\n',
      '  - id: mx-test\n    name: img\n    args: [-m, pytest]\n  - id: mx-image-push\n',
    ).replace('args: [push, img]', 'args: [push, --all-tags, img]');
    const r = merge('cloudbuild.yaml', CLOUDBUILD, render, user);
    expect(r.conflicts).toEqual([]);
    const ids = [...r.text.matchAll(/- id: ([\w-]+)/g)].map(m => m[1]);
    expect(ids).toEqual([
      'mx-image-build',
      'mx-test',
      'smoke-test',
      'mx-image-push',
    ]);
    expect(r.text).toContain('args: [push, --all-tags, img]');
    expect(r.text).toContain('- id: smoke-test # ours\n');
  });
});
