import { merge } from './__testUtils__';

describe('mergeStructured: JSON', () => {
  it("merges key by key and keeps the file's indentation", () => {
    const base = '{\n    "a": 1,\n    "b": [1, 2]\n}\n';
    const render = '{\n  "a": 2,\n  "b": [1, 2]\n}\n';
    const user = '{\n    "a": 1,\n    "b": [1, 2],\n    "mine": true\n}\n';
    const r = merge('mlflow/kubernetes_config.json', base, render, user);
    expect(r.text).toBe(
      '{\n    "a": 2,\n    "b": [\n        1,\n        2\n    ],\n    "mine": true\n}\n',
    );
  });
});
