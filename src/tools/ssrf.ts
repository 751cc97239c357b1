/**
 * SSRF checks for URL arguments, without DNS: the WHATWG URL parser already normalises IPv4 hosts written
 * in decimal, octal, hex or short forms (`http://0x7f.1/` is 127.0.0.1) and IPv6 text; this file classifies
 * the result (private, loopback, link-local, metadata, IPv4 inside IPv6) and applies domain allowlists.
 * A name that resolves to a private address (DNS rebinding) needs a check at connect time, which the tool's
 * own HTTP client has to make; see docs/tools.md.
 */

/** IPv4 blocks that are not public unicast: [network, prefix length]. */
const PRIVATE_V4: ReadonlyArray<readonly [number, number]> = [
  [0x00000000, 8], // "this" network, 0.0.0.0
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10 carrier-grade NAT (and Alibaba's metadata 100.100.100.200)
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local, cloud metadata 169.254.169.254
  [0xac100000, 12], // 172.16/12
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0000200, 24], // TEST-NET-1
  [0xc0a80000, 16], // 192.168/16
  [0xc6120000, 15], // benchmarking 198.18/15
  [0xc6336400, 24], // TEST-NET-2
  [0xcb007100, 24], // TEST-NET-3
  [0xe0000000, 4], // multicast
  [0xf0000000, 4], // reserved, broadcast
];

const BLOCKED_NAMES: ReadonlySet<string> = new Set(['localhost', 'metadata', 'metadata.google.internal', 'instance-data', 'instance-data.ec2.internal']);
/** Local names, and wildcard-DNS services whose names resolve to the address they spell (`10.0.0.1.nip.io`). */
const BLOCKED_SUFFIXES: readonly string[] = ['.localhost', '.internal', '.local', '.localdomain', '.home.arpa', '.nip.io', '.sslip.io', '.xip.io', '.localtest.me', '.lvh.me'];
export const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function v4Number(host: string): number | undefined {
  const m = DOTTED_QUAD.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1, 5).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return (((parts[0] ?? 0) << 24) >>> 0) + ((parts[1] ?? 0) << 16) + ((parts[2] ?? 0) << 8) + (parts[3] ?? 0);
}

function isPrivateV4(n: number): boolean {
  return PRIVATE_V4.some(([net, len]) => (n & (len === 0 ? 0 : (~0 << (32 - len)) >>> 0)) >>> 0 === net);
}

/** The eight 16-bit groups of an IPv6 address in URL form (no brackets), or undefined. */
function v6Groups(text: string): number[] | undefined {
  let head = text;
  let tail = '';
  const gap = text.indexOf('::');
  if (gap >= 0) {
    head = text.slice(0, gap);
    tail = text.slice(gap + 2);
  }
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((h) => Number.parseInt(h, 16)));
  const a = parse(head);
  const b = parse(tail);
  const missing = 8 - a.length - b.length;
  if (missing < 0 || (gap < 0 && missing !== 0) || [...a, ...b].some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return undefined;
  return [...a, ...new Array<number>(missing).fill(0), ...b];
}

function isPrivateV6(g: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embedded = ((g6 << 16) >>> 0) + g7;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    // ::, ::1, IPv4-compatible ::a.b.c.d and IPv4-mapped ::ffff:a.b.c.d
    if (g5 === 0 || g5 === 0xffff) return g5 === 0 && g6 === 0 ? true : isPrivateV4(embedded);
  }
  if (g0 === 0x64 && g1 === 0xff9b) return isPrivateV4(embedded); // NAT64
  if (g0 === 0x2002) return isPrivateV4(((g1 << 16) >>> 0) + g2); // 6to4
  if (g0 === 0x2001 && (g1 === 0 || g1 === 0xdb8)) return true; // Teredo, documentation
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local (AWS metadata fd00:ec2::254)
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return true; // link-local, site-local
  return (g0 & 0xff00) === 0xff00; // multicast
}

/** `example.com.` is `example.com` (a loop: a `\.+$` regex would backtrack on long runs of dots). */
function withoutTrailingDots(host: string): string {
  let end = host.length;
  while (end > 0 && host[end - 1] === '.') end--;
  return host.slice(0, end);
}

export interface UrlRules {
  schemes: readonly string[];
  allow_domains?: readonly string[] | undefined;
}

/** Why the URL must not be fetched, or undefined when it may. */
export function urlProblem(value: string, rules: UrlRules): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not an absolute URL';
  }
  const scheme = url.protocol.slice(0, -1);
  if (!rules.schemes.includes(scheme)) return `scheme "${scheme}" is not allowed (allowed: ${rules.schemes.join(', ')})`;
  // `https://trusted.com@evil.com/` sends the request to evil.com.
  if (url.username !== '' || url.password !== '') return 'credentials (userinfo) in a URL are not allowed';
  const host = withoutTrailingDots(url.hostname);
  if (host === '') return 'URL has no host';
  if (host.startsWith('[')) {
    const groups = v6Groups(host.slice(1, -1));
    if (!groups || isPrivateV6(groups)) return `host ${host} is a private, loopback, link-local or reserved address`;
    return rules.allow_domains ? `host ${host} is an IP address, not an allowed domain` : undefined;
  }
  const v4 = v4Number(host);
  if (v4 !== undefined) {
    if (isPrivateV4(v4)) return `host ${host} is a private, loopback, link-local or reserved address`;
    return rules.allow_domains ? `host ${host} is an IP address, not an allowed domain` : undefined;
  }
  if (BLOCKED_NAMES.has(host) || BLOCKED_SUFFIXES.some((s) => host.endsWith(s))) return `host ${host} is a local or metadata name`;
  if (rules.allow_domains) {
    const ok = rules.allow_domains.some((d) => {
      const domain = withoutTrailingDots(d.toLowerCase());
      return host === domain || host.endsWith(`.${domain}`);
    });
    if (!ok) return `host ${host} is not in the allowed domains`;
  }
  return undefined;
}
