import { isBlockedAddress, isHostAllowed } from './outboundRules';

describe('isHostAllowed', () => {
  const allowed = [
    'mlflow.acme.test',
    'tracking.acme.test:8443',
    '*.ml.acme.test',
  ];
  it.each([
    ['http://mlflow.acme.test:5000/', true],
    ['https://MLFLOW.acme.test/', true],
    ['https://tracking.acme.test:8443/', true],
    ['https://tracking.acme.test/', false],
    ['http://a.ml.acme.test/', true],
    ['http://ml.acme.test/', false],
    ['http://evil-mlflow.acme.test/', false],
    ['http://mlflow.acme.test.evil.test/', false],
  ])('%s → %s', (url, expected) => {
    expect(isHostAllowed(new URL(url), allowed)).toBe(expected);
  });

  it('denies everything when nothing is configured', () => {
    expect(isHostAllowed(new URL('http://127.0.0.1/'), [])).toBe(false);
  });
});

describe('isBlockedAddress', () => {
  it.each([
    ['169.254.169.254', true],
    ['169.254.0.1', true],
    ['::ffff:169.254.169.254', true],
    ['::ffff:a9fe:a9fe', true],
    ['fe80::1', true],
    ['fd00:ec2::254', true],
    ['0.0.0.0', true],
    ['127.0.0.1', false],
    ['10.0.0.5', false],
    ['2001:db8::1', false],
  ])('%s → %s', (address, expected) => {
    expect(isBlockedAddress(address)).toBe(expected);
  });
});
