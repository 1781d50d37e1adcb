import net from 'node:net';

/**
 * The SSRF rules of every outbound call the mx-project backend makes: deny by default (an
 * allowlist of hosts), and never a cloud metadata or link-local address, by name or by address.
 */

/** Why a request was refused before or while connecting, or failed afterwards. */
export type OutboundErrorKind =
  | 'not-allowed'
  | 'blocked-address'
  | 'unreachable'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects';

export class OutboundRequestError extends Error {
  readonly kind: OutboundErrorKind;
  readonly url: string;
  constructor(kind: OutboundErrorKind, url: string, message: string) {
    super(message);
    this.name = 'OutboundRequestError';
    this.kind = kind;
    this.url = url;
  }
}

const METADATA_HOSTNAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

/**
 * Link-local and cloud metadata addresses: never called, whatever the allowlist says.
 * 169.254.0.0/16 (incl. 169.254.169.254), fe80::/10, AWS's fd00:ec2::254, and IPv4-mapped forms.
 */
export function isBlockedAddress(address: string): boolean {
  let a = address.toLowerCase();
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1];
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (mappedHex) {
    const hi = parseInt(mappedHex[1], 16);
    const lo = parseInt(mappedHex[2], 16);
    a = `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  if (net.isIPv4(a)) {
    const [p0, p1] = a.split('.').map(Number);
    return (p0 === 169 && p1 === 254) || p0 === 0;
  }
  if (net.isIPv6(a)) {
    return (
      /^fe[89ab][0-9a-f]?:/.test(a) ||
      a === 'fd00:ec2::254' ||
      a === '::' ||
      a === '::0'
    );
  }
  return false;
}

/** True for names that point at a cloud metadata service. */
export function isMetadataHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return METADATA_HOSTNAMES.has(h);
}

function bareHost(hostname: string): string {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

function defaultPort(url: URL): string {
  if (url.port) return url.port;
  return url.protocol === 'https:' ? '443' : '80';
}

/**
 * Whether a URL's host is in an allowlist. Entries: `host` (any port), `host:port`, or
 * `*.domain` (any sub-domain of domain, any port). Comparison is case-insensitive.
 */
export function isHostAllowed(
  url: URL,
  allowedHosts: readonly string[],
): boolean {
  const host = bareHost(url.hostname);
  const port = defaultPort(url);
  return allowedHosts.some(raw => {
    const entry = raw.trim().toLowerCase();
    if (!entry) return false;
    let entryHost = entry;
    let entryPort: string | undefined;
    const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (v6) {
      entryHost = v6[1];
      entryPort = v6[2];
    } else if (!net.isIPv6(entry)) {
      const m = /^(.*):(\d+)$/.exec(entry);
      if (m) {
        entryHost = m[1];
        entryPort = m[2];
      }
    }
    if (entryPort && entryPort !== port) return false;
    if (entryHost.startsWith('*.')) {
      return (
        host.endsWith(entryHost.slice(1)) && host.length > entryHost.length - 1
      );
    }
    return entryHost === host;
  });
}

/** Finds the per-host credential for a URL (`host:port` entries win over `host`). */
export function credentialFor(
  url: URL,
  credentials: ReadonlyArray<{ host: string; token: string }>,
): string | undefined {
  const exact = credentials.find(
    c => isHostAllowed(url, [c.host]) && c.host.includes(':'),
  );
  return (exact ?? credentials.find(c => isHostAllowed(url, [c.host])))?.token;
}

/**
 * Refuses a URL that is not http(s), names a metadata or link-local address, or whose host is not
 * in `allowedHosts`; `allowlistKey` is the config key the message tells to change.
 */
export function checkOutboundUrl(
  url: URL,
  allowedHosts: readonly string[],
  allowlistKey = 'mx.mlflow.allowedHosts',
): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundRequestError(
      'not-allowed',
      url.toString(),
      `Refusing ${url.protocol} URL ${url}: only http and https are supported`,
    );
  }
  const host = bareHost(url.hostname);
  if (isMetadataHostname(host) || isBlockedAddress(host)) {
    throw new OutboundRequestError(
      'blocked-address',
      url.toString(),
      `Refusing to call ${url.origin}: link-local and cloud metadata addresses are never called`,
    );
  }
  if (!isHostAllowed(url, allowedHosts)) {
    throw new OutboundRequestError(
      'not-allowed',
      url.toString(),
      `Refusing to call ${url.host}: it is not in the allowed hosts (add it to ${allowlistKey} in app-config.yaml)`,
    );
  }
}
