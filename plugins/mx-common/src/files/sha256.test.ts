import { sha256Hex } from '.';
import { DEVSPACE_V1, enc, hash } from './__testUtils__';

describe('sha256Hex', () => {
  it.each([
    '',
    'abc',
    DEVSPACE_V1,
    'é✓'.repeat(100),
    'x'.repeat(55),
    'x'.repeat(56),
    'x'.repeat(64),
  ])('matches node:crypto for %#', text => {
    expect(sha256Hex(text)).toBe(hash(text));
    expect(sha256Hex(enc(text))).toBe(hash(text));
  });
});
