/**
 * Classifies one URL candidate: where it points (host, resolved by the WHATWG parser exactly as a
 * browser would, so `user@host`, backslashes and IDN tricks resolve to the real host), whether that host
 * is allow-listed, and whether the URL carries data (templates, long queries, encoded text).
 */
import { MAX_URL_CHARS, URL_PATTERNS } from './url-patterns.js';

/** Called as `charCodeAt.call(s, i)`: `s.charCodeAt` goes megamorphic once strings of several representations reach the loop. */
const charCodeAt = String.prototype.charCodeAt;

export type UrlTarget =
  | { kind: 'web'; url: URL; host: string }
  | { kind: 'data' }
  | { kind: 'script'; scheme: string }
  /** Relative URLs, mailto:, tel: and other schemes a renderer does not fetch. */
  | { kind: 'other' };

const WEB_SCHEMES = new Set(['http', 'https', 'ftp', 'ws', 'wss']);
const SCRIPT_SCHEMES = new Set(['javascript', 'vbscript']);
/** Decoded values at least this long are checked for encoded text. */
const MIN_ENCODED_CHARS = 16;
/** Share of printable chars above which decoded bytes are taken to be text (IDs and hashes decode to noise). */
const PRINTABLE_SHARE = 0.9;

/** Strips whitespace and control characters, which browsers also drop from URLs. */
export function compactUrl(raw: string): string {
  return raw.replace(URL_PATTERNS.whitespace, '');
}

export function parseTarget(raw: string): UrlTarget {
  let candidate = raw;
  if (candidate.startsWith('//')) candidate = `https:${candidate}`;
  else if (URL_PATTERNS.wwwPrefix.test(candidate)) candidate = `http://${candidate}`;
  const scheme = URL_PATTERNS.scheme.exec(candidate)?.[1]?.toLowerCase();
  if (!scheme) return { kind: 'other' };
  if (scheme === 'data') return { kind: 'data' };
  if (SCRIPT_SCHEMES.has(scheme)) return { kind: 'script', scheme };
  if (!WEB_SCHEMES.has(scheme)) return { kind: 'other' };
  try {
    const url = new URL(candidate);
    const host = normalizeHost(url.hostname);
    return host ? { kind: 'web', url, host } : { kind: 'other' };
  } catch {
    return { kind: 'other' };
  }
}

function normalizeHost(hostname: string): string {
  const h = hostname.toLowerCase();
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/** Normalizes allow-list entries the way hosts are normalized (IDN to punycode, no `*.` or leading dot). */
export function compileAllowList(domains: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of domains) {
    const bare = d.trim().replace(URL_PATTERNS.wildcardPrefix, '');
    if (!bare) continue;
    try {
      out.push(normalizeHost(new URL(`http://${bare}`).hostname));
    } catch {
      throw new Error(`exfil-url: allow_domains entry ${JSON.stringify(d)} is not a valid host name`);
    }
  }
  return out;
}

/** Exact host or any subdomain of an allowed domain. */
export function isAllowedHost(host: string, allow: readonly string[]): boolean {
  for (const d of allow) if (host === d || host.endsWith(`.${d}`)) return true;
  return false;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return s;
  }
}

function printableShare(bytes: Buffer): number {
  if (bytes.length === 0) return 0;
  let ok = 0;
  for (const b of bytes) if ((b >= 32 && b < 127) || b === 9 || b === 10 || b === 13) ok++;
  return ok / bytes.length;
}

/** True when the value is base64/base64url/hex that decodes to readable text (random IDs decode to noise). */
export function looksEncodedText(value: string): boolean {
  if (value.length < MIN_ENCODED_CHARS) return false;
  if (URL_PATTERNS.hexValue.test(value)) return printableShare(Buffer.from(value, 'hex')) >= PRINTABLE_SHARE;
  if (!URL_PATTERNS.base64Value.test(value)) return false;
  const decoded = Buffer.from(value.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
  return decoded.length >= 12 && printableShare(decoded) >= PRINTABLE_SHARE;
}

/** Word separators counted in query values: space (decoded `+`/`%20`), underscore, hyphen. */
const QUERY_SEPARATORS = new Set([32, 95, 45]);
/** Separators that make a value read like a sentence rather than an identifier or slug. */
const PROSE_SEPARATORS = 6;

/** Looks like sentences or personal data rather than an identifier; paths only count spaces (slugs use hyphens). */
function looksLikeProse(value: string, inQuery: boolean): boolean {
  if (inQuery && value.indexOf('.', value.indexOf('@')) > 0 && value.indexOf('@') > 0) return true;
  if (value.length < 30) return false;
  let separators = 0;
  for (let i = 0; i < value.length; i++) {
    const c = charCodeAt.call(value, i);
    if (c === 32 || (inQuery && QUERY_SEPARATORS.has(c))) separators++;
  }
  return separators >= PROSE_SEPARATORS;
}

/** The one data signal that also matters in documents and tool results: a slot for the model to fill. */
export const TEMPLATE_REASON = 'template placeholder';

/** Reasons this URL looks like it carries data out; empty when it looks like an ordinary link. */
export function dataSignals(url: URL, raw: string, oversized: boolean, maxQueryChars: number): string[] {
  const reasons: string[] = [];
  if (oversized || raw.length > MAX_URL_CHARS) reasons.push('oversized URL');
  if (URL_PATTERNS.template.test(raw)) reasons.push(TEMPLATE_REASON);
  const query = url.search.length > 1 ? url.search.slice(1) : '';
  if (query.length > maxQueryChars) reasons.push('long query string');
  const segments = url.pathname.split('/').map(safeDecode);
  const values = query.split('&').map((pair) => safeDecode(pair.slice(pair.indexOf('=') + 1)));
  if (segments.some(looksEncodedText) || values.some(looksEncodedText)) reasons.push('encoded text');
  if (segments.some((v) => looksLikeProse(v, false)) || values.some((v) => looksLikeProse(v, true))) {
    reasons.push('text or personal data in the URL');
  }
  return reasons;
}

/** A URL nested in the query (open redirect through an allowed host), if any. */
export function nestedTarget(url: URL): string | undefined {
  for (const value of url.searchParams.values()) {
    if (URL_PATTERNS.nestedUrl.test(value)) return value;
  }
  return undefined;
}
