import { lockConflictMessage, parseLockInfo } from './terraformLock';
import { summarizePlan } from './terraformPlan';

describe('terraform output parsing', () => {
  it('counts a replacement as one add and one destroy', () => {
    expect(
      summarizePlan({
        resource_changes: [
          { address: 'a.b', change: { actions: ['delete', 'create'] } },
          { address: 'c.d', change: { actions: ['no-op'] } },
          { address: 'e.f', change: { actions: ['delete'] } },
        ],
      }),
    ).toEqual({
      add: 1,
      change: 0,
      destroy: 2,
      resources: ['-/+ a.b (replace)', '- e.f (destroy)'],
    });
  });

  it("reports a GCS lock's holder and age from terraform's Lock Info", () => {
    const stderr = `Error: Error acquiring the state lock

Error message: writing "gs://acme-fraud-42-tfstate/mx/fraud-detection/default.tflock" failed: googleapi: Error 412: At least one of the pre-conditions you specified did not hold., conditionNotMet
Lock Info:
  ID:        1764340098123456
  Path:      gs://acme-fraud-42-tfstate/mx/fraud-detection/default.tflock
  Operation: OperationTypePlan
  Who:       bob@ci-runner-7
  Version:   1.11.4
  Created:   2026-11-28 11:15:00.5 +0000 UTC
  Info:
`;
    const lock = parseLockInfo(stderr)!;
    expect(
      lockConflictMessage(
        'project fraud-detection',
        lock,
        new Date('2026-11-28T12:00:00Z'),
      ),
    ).toBe(
      "The Terraform state of project fraud-detection is locked by bob@ci-runner-7 (operation: Plan, since 2026-11-28T11:15:00.500Z, 45 minutes ago, lock ID 1764340098123456). Another plan or apply is running on this project: wait for it to finish and run this template again. Do not force-unlock the state while its holder may still be running — that can corrupt it; if the holder is certainly gone, ask the project's owners to check before anyone unlocks it.",
    );
  });
});
