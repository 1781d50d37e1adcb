import {
  failures,
  goldenTree,
  goldenWithDefect,
  runTreeCheck,
} from '../__testUtils__/goldens';
import { storageClasses } from './storageClasses';

const VALUES = 'infrastructure/kubernetes/cvat/values.yaml';
const GKE = 'infrastructure/terraform/gke.tf';
const SERVICES = 'infrastructure/terraform/services.tf';

describe('storage class provisioner', () => {
  it("passes CVAT's Filestore (maximal) and persistent-disk (minimal) goldens", async () => {
    for (const fixture of ['maximal', 'minimal']) {
      const rows = await runTreeCheck(
        storageClasses,
        await goldenTree('cvat-labeling', fixture),
      );
      expect(rows).toEqual([
        expect.objectContaining({ file: VALUES, status: 'pass' }),
      ]);
    }
  });

  it('fails when the cluster does not enable the Filestore CSI driver CVAT needs (issue 8, defect 7)', async () => {
    const tree = await goldenWithDefect(
      'cvat-labeling',
      'maximal',
      GKE,
      /enabled = true/,
      'enabled = false',
    );
    const [failed] = failures(await runTreeCheck(storageClasses, tree));
    expect(failed.file).toBe(VALUES);
    expect(failed.message).toContain(
      'storage class standard-rwx is provisioned by the Filestore CSI driver, which no google_container_cluster of the project enables',
    );
  });

  it('fails when the project does not enable file.googleapis.com (issue 8, defect 7)', async () => {
    const tree = await goldenWithDefect(
      'cvat-labeling',
      'maximal',
      SERVICES,
      '    "file.googleapis.com",\n',
      '',
    );
    const [failed] = failures(await runTreeCheck(storageClasses, tree));
    expect(failed.message).toContain('file.googleapis.com');
  });

  it('does not ask the persistent-disk class for Filestore', async () => {
    const tree = await goldenWithDefect(
      'cvat-labeling',
      'minimal',
      GKE,
      /enabled = true/,
      'enabled = false',
    );
    expect(failures(await runTreeCheck(storageClasses, tree))).toEqual([]);
  });

  it('fails on a storage class GKE does not have', async () => {
    const tree = await goldenWithDefect(
      'cvat-labeling',
      'minimal',
      VALUES,
      'storageClassName: standard-rwo',
      'storageClassName: fast-ssd',
    );
    const [failed] = failures(await runTreeCheck(storageClasses, tree));
    expect(failed.message).toMatch(/storage class fast-ssd is neither/);
  });
});
