import { matchesAnyGlob } from '.';

describe('matchesAnyGlob', () => {
  it('matches files, single-segment and recursive globs from the repository root', () => {
    const globs = ['devspace.yaml', 'infrastructure/**', 'conf/*.yaml'];
    expect(matchesAnyGlob('devspace.yaml', globs)).toBe(true);
    expect(matchesAnyGlob('infrastructure/terraform/gke.tf', globs)).toBe(true);
    expect(matchesAnyGlob('conf/config.yaml', globs)).toBe(true);
    expect(matchesAnyGlob('conf/sub/config.yaml', globs)).toBe(false);
    expect(matchesAnyGlob('docs/devspace.yaml', globs)).toBe(false);
    expect(matchesAnyGlob('devspace_yaml', globs)).toBe(false);
    expect(matchesAnyGlob('a/b/c.tf', ['**/*.tf'])).toBe(true);
    expect(matchesAnyGlob('c.tf', ['**/*.tf'])).toBe(true);
  });
});
