import { upgradeResultOf } from './upgrades';

const task = (status: string) => ({
  id: 'task-1',
  status,
  spec: { parameters: { project: 'component:default/churn', name: 'churn' } },
});

describe('upgradeResultOf', () => {
  it('is running while the scaffolder has not finished the task', () => {
    expect(upgradeResultOf(task('processing'), [])).toEqual({
      taskId: 'task-1',
      entityRef: 'component:default/churn',
      status: 'running',
      conflicts: [],
    });
  });

  it('reports the commit and the files left in conflict from the template output', () => {
    const result = upgradeResultOf(task('completed'), [
      { type: 'log', body: { message: 'Beginning step Publish the change' } },
      {
        type: 'completion',
        body: {
          output: {
            changed: true,
            commitHash: 'abc123',
            pullRequestUrl: '',
            conflicts: ['infrastructure/terraform/storage.tf'],
          },
        },
      },
    ]);
    expect(result).toEqual({
      taskId: 'task-1',
      entityRef: 'component:default/churn',
      status: 'upgraded',
      commitHash: 'abc123',
      conflicts: ['infrastructure/terraform/storage.tf'],
    });
  });

  it('says unchanged when the push had nothing to commit, and keeps a pull request link', () => {
    expect(
      upgradeResultOf(task('completed'), [
        { type: 'completion', body: { output: { changed: false } } },
      ]).status,
    ).toBe('unchanged');
    expect(
      upgradeResultOf(task('completed'), [
        {
          type: 'completion',
          body: {
            output: {
              changed: true,
              pullRequestUrl: 'https://github.com/acme/churn/pull/7',
            },
          },
        },
      ]).pullRequestUrl,
    ).toBe('https://github.com/acme/churn/pull/7');
  });

  it("gives the failed step's error for a failed task", () => {
    const result = upgradeResultOf(task('failed'), [
      { type: 'log', body: { message: 'Beginning step Update the files' } },
      {
        type: 'log',
        body: {
          status: 'failed',
          message:
            "InputError: 'mlflow/kubernetes_config.json' is a folder in the repository",
        },
      },
      {
        type: 'completion',
        body: { message: 'Run completed with status: failed' },
      },
    ]);
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/is a folder in the repository/);
    expect(result.commitHash).toBeUndefined();
  });
});
