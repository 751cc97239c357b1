/**
 * Finds every URL a renderer could fetch or a user could follow, with its context: markdown images
 * (inline and by reference), markdown links, HTML tags that load resources or link, bare URLs, and
 * URLs with whitespace pushed into them.
 */
import type { Span } from '../../spec/types.js';
import { MAX_URL_CHARS, URL_PATTERNS } from './url-patterns.js';

export type UrlContext = 'markdown-image' | 'markdown-link' | 'html-loading' | 'html-link' | 'bare' | 'spaced';

export interface UrlCandidate {
  /** The URL as written (may still hold whitespace or HTML entities; see compactUrl / decodeEntities). */
  raw: string;
  span: Span;
  context: UrlContext;
  /** HTML tag name for html-* contexts. */
  tag?: string;
  /** The URL is longer than MAX_URL_CHARS and was cut. */
  oversized: boolean;
}

/** Tags whose URL attributes a browser fetches without a click (or that redirect relative fetches). */
const LOADING_TAGS = new Set([
  'img', 'image', 'iframe', 'frame', 'script', 'embed', 'object', 'video', 'audio', 'source', 'track',
  'input', 'link', 'body', 'table', 'td', 'base', 'meta', 'use', 'picture', 'svg', 'feimage',
]);
const URL_ATTRIBUTES = new Set([
  'src', 'href', 'srcset', 'data', 'action', 'formaction', 'poster', 'background', 'xlink:href', 'lowsrc',
  'dynsrc', 'ping', 'content',
]);
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', colon: ':', sol: '/', period: '.', tab: '\t',
  newline: '\n', quest: '?', equals: '=', num: '#', percnt: '%', lpar: '(', rpar: ')', commat: '@',
};
/** Trailing characters that end a sentence rather than a URL. */
const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', '*', '_', '~']);
const CLOSERS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(URL_PATTERNS.htmlEntity, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined || hex !== undefined) {
      const code = dec !== undefined ? Number(dec) : parseInt(hex as string, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[(name as string).toLowerCase()] ?? whole;
  });
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

/** Locates the URL inside a markdown destination: drops `<>`, a quoted title and surrounding blanks. */
function destinationRange(dest: string): [number, number] {
  let s = 0;
  let e = dest.length;
  while (s < e && isSpace(dest[s])) s++;
  while (e > s && isSpace(dest[e - 1])) e--;
  if (dest[s] === '<') {
    const close = dest.indexOf('>', s);
    if (close > s) return [s + 1, close];
  }
  const q = dest[e - 1];
  if (q === '"' || q === "'") {
    const open = dest.lastIndexOf(q, e - 2);
    if (open > s && isSpace(dest[open - 1])) {
      e = open;
      while (e > s && isSpace(dest[e - 1])) e--;
    }
  }
  return [s, e];
}

/** Drops sentence punctuation and unbalanced closing brackets from the end of a bare URL. */
export function trimBareUrl(url: string): string {
  const balance: Record<string, number> = { '(': 0, '[': 0, '{': 0 };
  for (const ch of url) {
    const opener = CLOSERS[ch];
    if (ch in balance) balance[ch] = (balance[ch] as number) + 1;
    else if (opener !== undefined) balance[opener] = (balance[opener] as number) - 1;
  }
  let end = url.length;
  while (end > 0) {
    const last = url[end - 1] as string;
    const opener = CLOSERS[last];
    if (opener !== undefined && (balance[opener] as number) < 0) balance[opener] = (balance[opener] as number) + 1;
    else if (!TRAILING_PUNCTUATION.has(last)) break;
    end--;
  }
  return url.slice(0, end);
}

/** How renderers match a reference label to its definition: case- and whitespace-insensitive. */
export function labelKey(label: string): string {
  return label.trim().toLowerCase().replace(URL_PATTERNS.whitespace, ' ');
}

function markdownInline(text: string, out: UrlCandidate[]): void {
  for (const m of text.matchAll(URL_PATTERNS.markdownInline)) {
    const dest = m[3] as string;
    const destStart = m.index + m[0].length - 1 - dest.length;
    const [s, e] = destinationRange(dest);
    if (e <= s) continue;
    out.push({
      raw: dest.slice(s, e),
      span: { start: destStart + s, end: destStart + e },
      context: m[1] === '!' ? 'markdown-image' : 'markdown-link',
      oversized: false,
    });
  }
}

/** Positions of every occurrence of `needle`, in order. */
function positions(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

/**
 * Destinations whose `[` opener the inline pattern could not pair (alt text over its bound, nested
 * brackets). It is an image when a `![` opens after the previous destination closed.
 */
function markdownDestinations(text: string, claimed: Claimed, out: UrlCandidate[]): void {
  const bangs = positions(text, '![');
  let b = -1;
  let previousEnd = 0;
  for (const m of text.matchAll(URL_PATTERNS.markdownDestination)) {
    const dest = m[1] as string;
    const destStart = m.index + 2;
    const [s, e] = destinationRange(dest);
    const span = { start: destStart + s, end: destStart + e };
    while (b + 1 < bangs.length && (bangs[b + 1] as number) < m.index) b++;
    const image = b >= 0 && (bangs[b] as number) >= previousEnd;
    previousEnd = m.index + m[0].length;
    if (e <= s || claimed.overlaps(span)) continue;
    out.push({ raw: dest.slice(s, e), span, context: image ? 'markdown-image' : 'markdown-link', oversized: false });
  }
}

function markdownReferences(text: string, out: UrlCandidate[]): void {
  if (!text.includes(']:')) return;
  const imageLabels = new Set<string>();
  for (const m of text.matchAll(URL_PATTERNS.markdownImageRef)) {
    if (text[m.index + m[0].length] === '(') continue;
    imageLabels.add(labelKey(m[2] || (m[1] as string)));
  }
  for (const m of text.matchAll(URL_PATTERNS.markdownRefDef)) {
    const dest = m[2] as string;
    const bracketed = dest.startsWith('<');
    const raw = bracketed ? dest.slice(1, -1) : dest;
    const start = m.index + m[0].length - dest.length + (bracketed ? 1 : 0);
    out.push({
      raw,
      span: { start, end: start + raw.length },
      context: imageLabels.has(labelKey(m[1] as string)) ? 'markdown-image' : 'markdown-link',
      oversized: false,
    });
  }
}

/** URLs inside one attribute value (srcset lists several; meta refresh hides one after `url=`). */
function attributeUrls(name: string, value: string): string[] {
  if (name === 'srcset') return value.split(',').map((part) => part.trim().split(URL_PATTERNS.whitespace)[0] ?? '');
  if (name === 'content') {
    const at = value.toLowerCase().indexOf('url=');
    return at >= 0 ? [value.slice(at + 4).trim()] : [];
  }
  return [value];
}

function htmlTags(text: string, out: UrlCandidate[]): void {
  if (!text.includes('<')) return;
  for (const tag of text.matchAll(URL_PATTERNS.htmlTag)) {
    const tagName = (tag[1] as string).toLowerCase();
    const attrs = tag[2] as string;
    const attrsStart = tag.index + 1 + (tag[1] as string).length;
    for (const a of attrs.matchAll(URL_PATTERNS.htmlAttribute)) {
      const name = (a[1] as string).toLowerCase();
      if (!URL_ATTRIBUTES.has(name)) continue;
      const value = a[2] ?? a[3] ?? a[4] ?? '';
      const quoted = a[4] === undefined;
      const end = attrsStart + a.index + a[0].length - (quoted ? 1 : 0);
      const span = { start: end - value.length, end };
      for (const url of attributeUrls(name, decodeEntities(value))) {
        if (!url) continue;
        const loading = LOADING_TAGS.has(tagName) || name === 'background' || name === 'ping';
        out.push({ raw: url, span, context: loading ? 'html-loading' : 'html-link', tag: tagName, oversized: false });
      }
    }
  }
}

/** Spans already claimed by markdown/HTML, sorted, for a single left-to-right overlap sweep. */
class Claimed {
  readonly #spans: Span[];
  #at = 0;
  constructor(candidates: readonly UrlCandidate[]) {
    this.#spans = candidates.map((c) => c.span).sort((a, b) => a.start - b.start);
  }
  overlaps(s: Span): boolean {
    while (this.#at < this.#spans.length && (this.#spans[this.#at] as Span).end <= s.start) this.#at++;
    for (let i = this.#at; i < this.#spans.length; i++) {
      const c = this.#spans[i] as Span;
      if (c.start >= s.end) return false;
      if (c.end > s.start) return true;
    }
    return false;
  }
}

function bareUrls(text: string, claimed: Claimed, out: UrlCandidate[]): void {
  for (const m of text.matchAll(URL_PATTERNS.bareUrl)) {
    const raw = trimBareUrl(m[0]);
    const span = { start: m.index, end: m.index + raw.length };
    if (raw.length < 5 || claimed.overlaps(span)) continue;
    const next = text[m.index + m[0].length];
    const oversized = m[0].length >= MAX_URL_CHARS && next !== undefined && !isSpace(next);
    out.push({ raw, span, context: 'bare', oversized });
  }
}

/** Separators after which a broken-up URL plausibly continues. */
const JOINERS = '/.:=?&-_%';

function joinable(prev: string, tok: string): boolean {
  return prev === '' || prev.length <= 2 || tok.length <= 2 || JOINERS.includes(prev.slice(-1)) || JOINERS.includes(tok[0] ?? '');
}

/** Rebuilds `h t t p s : / / e v i l . c o m`-style URLs: joins tokens while they look like URL pieces. */
function spacedUrls(text: string, claimed: Claimed, out: UrlCandidate[]): void {
  let claimedUpTo = 0;
  for (const m of text.matchAll(URL_PATTERNS.spacedScheme)) {
    if (m.index < claimedUpTo || !URL_PATTERNS.hasWhitespace.test(m[0])) continue;
    const from = m.index + m[0].length;
    const window = text.slice(from, from + MAX_URL_CHARS);
    const lineEnd = window.indexOf('\n');
    const rest = lineEnd < 0 ? window : window.slice(0, lineEnd);
    let url = '';
    let prev = '';
    let offset = 0;
    let end = 0;
    for (const tok of rest.split(' ')) {
      if (tok !== '') {
        if (!URL_PATTERNS.urlToken.test(tok) || !joinable(prev, tok)) break;
        url += tok;
        prev = tok;
        end = offset + tok.length;
      }
      offset += tok.length + 1;
    }
    const span = { start: m.index, end: from + end };
    if (!url || claimed.overlaps(span)) continue;
    claimedUpTo = span.end;
    out.push({ raw: `https://${url}`, span, context: 'spaced', oversized: false });
  }
}

export function extractUrls(text: string): UrlCandidate[] {
  const structured: UrlCandidate[] = [];
  if (text.includes('](')) {
    markdownInline(text, structured);
    markdownDestinations(text, new Claimed(structured), structured);
  }
  markdownReferences(text, structured);
  htmlTags(text, structured);
  const out = [...structured];
  bareUrls(text, new Claimed(structured), out);
  spacedUrls(text, new Claimed(out), out);
  return out;
}
