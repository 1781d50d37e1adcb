import { mergeThreeWay } from '.';
import { DEVSPACE_USER, DEVSPACE_V1, DEVSPACE_V2 } from './__testUtils__';

describe('mergeThreeWay', () => {
  it('combines a user edit and a render change on different lines of devspace.yaml', () => {
    const r = mergeThreeWay({
      base: DEVSPACE_V1,
      render: DEVSPACE_V2,
      edited: DEVSPACE_USER,
    });
    expect(r.clean).toBe(true);
    expect(r.text).toContain('  IMAGE_TAG: dev\n');
    expect(r.text).toContain('  training-operator:\n');
    expect(r.text).toBe(
      DEVSPACE_V2.replace(
        '  REGION: europe-west4\n',
        '  REGION: europe-west4\n  IMAGE_TAG: dev\n',
      ),
    );
  });

  it('marks both sides of a change to the same line', () => {
    const r = mergeThreeWay({
      base: DEVSPACE_V1,
      render: DEVSPACE_V1.replace('europe-west4', 'us-central1'),
      edited: DEVSPACE_V1.replace('europe-west4', 'europe-west1'),
    });
    expect(r.clean).toBe(false);
    expect(r.conflicts).toBe(1);
    expect(r.text).toContain(
      '<<<<<<< yours (the file in the repository)\n  REGION: europe-west1\n=======\n  REGION: us-central1\n>>>>>>> MX (the new render)\n',
    );
  });
});
