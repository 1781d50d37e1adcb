import { mergeStructured } from '.';
import { DEVSPACE } from './__testUtils__';

describe('mergeStructured: what it cannot merge', () => {
  it('says which side is broken and where, so the caller can fall back to the line merge', () => {
    const r = mergeStructured({
      path: 'devspace.yaml',
      base: DEVSPACE,
      render: DEVSPACE,
      edited: `${DEVSPACE}  broken: [\n`,
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(
      /^your file is not valid YAML \(.*line \d+/,
    );
  });

  it('does not follow anchors and aliases', () => {
    const r = mergeStructured({
      path: 'x.yaml',
      base: 'a: 1\n',
      render: 'a: 2\n',
      edited: 'a: &x 1\nb: *x\n',
    });
    expect(!r.ok && r.reason).toContain('anchors and aliases');
  });
});
