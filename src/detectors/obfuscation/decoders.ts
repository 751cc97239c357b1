/**
 * Encoded-payload decoders. Each finds candidate segments with one linear regex pass and returns the
 * decoded text only when it looks like text (valid, mostly printable UTF-8) or, for rot13/leetspeak,
 * like English: otherwise every identifier would yield noise for the other detectors to rescan.
 */
import type { Span } from '../../spec/types.js';
import { ENGLISH_WORDS } from './english.js';

export const DECODER_NAMES = ['base64', 'hex', 'url', 'rot13', 'leet'] as const;
export type DecoderName = (typeof DECODER_NAMES)[number];

export interface Decoded {
  kind: DecoderName;
  span: Span;
  text: string;
}

/** Longest encoded segment considered (larger blobs are attachments, not prompts). */
export const MAX_SEGMENT = 65_536;

export const DECODER_PATTERNS = {
  base64: /[A-Za-z0-9+/_-]{16,}={0,2}/g,
  hex: /[0-9A-Fa-f]{16,}/g,
  hexEscaped: /(?:\\x[0-9A-Fa-f]{2}){4,}/g,
  percent: /(?:%[0-9A-Fa-f]{2}){4,}/g,
  alnum: /[A-Za-z0-9]/,
  leetAny: /[0-9@$]/g,
  padding: /={1,2}$/,
  base64Std: /[+/]/,
  base64Url: /[-_]/,
  hexOnly: /^[0-9A-Fa-f]+$/,
  hexEscape: /\\x/g,
  percentSign: /%/g,
  asciiLetter: /[A-Za-z]/g,
  /** Words that make decoded content suspicious rather than merely encoded. */
  suspicious:
    /\b(?:ignore|disregard|forget|bypass|override|jailbreak|unrestricted|pretend|instructions?|system prompt|reveal|exfiltrate|passwords?|api[ _-]?keys?|secrets?|sudo|rm -rf|curl|wget|eval|exec|powershell|<script|do anything now|developer mode)\b/i,
};

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** True when at least 90% of characters are printable (tabs and newlines count as printable). */
function isPrintable(text: string): boolean {
  if (text.length === 0) return false;
  let bad = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) bad++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c > 0xbf) letters++;
  }
  return bad <= text.length * 0.1 && letters >= Math.min(4, text.length / 2);
}

function bytesToText(bytes: Uint8Array): string | undefined {
  try {
    const text = UTF8.decode(bytes);
    return isPrintable(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

function isBoundary(text: string, index: number): boolean {
  return index < 0 || index >= text.length || !DECODER_PATTERNS.alnum.test(text[index] as string);
}

/** Calls fn on each candidate segment until `out` holds `limit` results. */
function eachMatch(re: RegExp, text: string, out: Decoded[], limit: number, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && out.length < limit; m = re.exec(text)) {
    if (m[0].length <= MAX_SEGMENT) fn(m);
  }
}

function decodeBase64(text: string, out: Decoded[], limit: number): void {
  eachMatch(DECODER_PATTERNS.base64, text, out, limit, (m) => {
    const seg = m[0];
    const body = seg.replace(DECODER_PATTERNS.padding, '');
    if (body.length % 4 === 1) return;
    if (DECODER_PATTERNS.base64Std.test(body) && DECODER_PATTERNS.base64Url.test(body)) return;
    // A bare hex string or number is handled by the hex decoder.
    if (DECODER_PATTERNS.hexOnly.test(body)) return;
    const decoded = bytesToText(Buffer.from(body, 'base64'));
    if (decoded !== undefined) out.push({ kind: 'base64', span: { start: m.index, end: m.index + seg.length }, text: decoded });
  });
}

function decodeHex(text: string, out: Decoded[], limit: number): void {
  eachMatch(DECODER_PATTERNS.hex, text, out, limit, (m) => {
    const seg = m[0];
    if (seg.length % 2 !== 0 || !isBoundary(text, m.index - 1) || !isBoundary(text, m.index + seg.length)) return;
    const decoded = bytesToText(Buffer.from(seg, 'hex'));
    if (decoded !== undefined) out.push({ kind: 'hex', span: { start: m.index, end: m.index + seg.length }, text: decoded });
  });
  eachMatch(DECODER_PATTERNS.hexEscaped, text, out, limit, (m) => {
    const decoded = bytesToText(Buffer.from(m[0].replace(DECODER_PATTERNS.hexEscape, ''), 'hex'));
    if (decoded !== undefined) out.push({ kind: 'hex', span: { start: m.index, end: m.index + m[0].length }, text: decoded });
  });
}

function decodePercent(text: string, out: Decoded[], limit: number): void {
  eachMatch(DECODER_PATTERNS.percent, text, out, limit, (m) => {
    const decoded = bytesToText(Buffer.from(m[0].replace(DECODER_PATTERNS.percentSign, ''), 'hex'));
    if (decoded !== undefined) out.push({ kind: 'url', span: { start: m.index, end: m.index + m[0].length }, text: decoded });
  });
}

export function rot13(text: string): string {
  return text.replace(DECODER_PATTERNS.asciiLetter, (ch) => {
    const c = ch.charCodeAt(0);
    const base = c >= 0x61 ? 0x61 : 0x41;
    return String.fromCharCode(((c - base + 13) % 26) + base);
  });
}

const ROT13_WORDS: ReadonlySet<string> = new Set([...ENGLISH_WORDS].map(rot13));

interface Run {
  start: number;
  end: number;
  hits: number;
  words: number;
  gap: number;
}

const MAX_WORD = Math.max(...[...ENGLISH_WORDS].map((w) => w.length));
const MAX_LEET_TOKEN = 32;

/** Calls fn for each token of ASCII letters (plus leet characters when `leet`), with a cheap char-code loop. */
function forEachToken(text: string, leet: boolean, fn: (start: number, end: number, leetChars: number) => void): void {
  let start = -1;
  let letters = 0;
  let leetChars = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) | 0x20 : 0;
    const letter = c >= 0x61 && c <= 0x7a;
    const isLeet = leet && !letter && i < text.length && LEET_CODES.has(text.charCodeAt(i));
    if (letter || isLeet) {
      if (start < 0) {
        start = i;
        letters = 0;
        leetChars = 0;
      }
      if (letter) letters++;
      else leetChars++;
    } else if (start >= 0) {
      if (letters > 0) fn(start, i, leetChars);
      start = -1;
    }
  }
}

/**
 * Groups token-level hits into runs (at most MAX_GAP other tokens between hits) and returns the runs
 * that qualify. `classify` returns the hit weight of a token, 0 for a neutral one.
 */
const MAX_GAP = 3;

function hitRuns(
  text: string,
  leet: boolean,
  classify: (start: number, end: number, leetChars: number) => number,
  qualifies: (r: Run) => boolean,
  limit: number,
): Run[] {
  const runs: Run[] = [];
  let run: Run | undefined;
  const close = () => {
    if (run && qualifies(run)) runs.push(run);
    run = undefined;
  };
  forEachToken(text, leet, (start, end, leetChars) => {
    if (runs.length >= limit) return;
    const hit = classify(start, end, leetChars);
    if (hit > 0) {
      if (run && run.gap <= MAX_GAP) {
        run.words += run.gap + 1;
        run.hits += hit;
        run.end = end;
        run.gap = 0;
      } else {
        close();
        run = { start, end, hits: hit, words: 1, gap: 0 };
      }
    } else if (run && ++run.gap > MAX_GAP) {
      close();
    }
  });
  if (runs.length < limit) close();
  return runs;
}

/**
 * A rot13 run needs two distinct decoded words and one of 3+ letters: two-letter words collide with
 * abbreviations ("TB" -> "go", "VA" -> "in") and repeated words ("bar" -> "one") prove nothing.
 */
function decodeRot13(text: string, out: Decoded[], limit: number): void {
  let distinct = new Set<string>();
  let long = 0;
  const classify = (start: number, end: number) => {
    const len = end - start;
    if (len < 2 || len > MAX_WORD) return 0;
    const word = text.slice(start, end);
    if (len === 2 && word === word.toUpperCase()) return 0;
    const lower = word.toLowerCase();
    if (!ROT13_WORDS.has(lower) || ENGLISH_WORDS.has(lower)) return 0;
    distinct.add(lower);
    if (len >= 3) long++;
    return 1;
  };
  const qualifies = (r: Run) => {
    const ok = r.hits >= 2 && r.hits >= r.words * 0.5 && distinct.size >= 2 && long >= 1;
    distinct = new Set();
    long = 0;
    return ok;
  };
  const runs = hitRuns(text, false, classify, qualifies, limit - out.length);
  for (const r of runs) out.push({ kind: 'rot13', span: { start: r.start, end: r.end }, text: rot13(text.slice(r.start, r.end)) });
}

const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '2': 'z', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's' };
/** Second readings of ambiguous digits, tried when the first reading is not a known word. */
const LEET_ALT: Readonly<Record<string, string>> = { '1': 'l', '2': 'r', '6': 'b', '9': 'q' };
const LEET_CODES: ReadonlySet<number> = new Set(Object.keys(LEET).map((c) => c.charCodeAt(0)));
const MAX_AMBIGUOUS = 3;

/** Decodes one leet token, trying the readings of up to MAX_AMBIGUOUS ambiguous digits for a known word. */
export function unleet(token: string): { text: string; known: boolean } {
  const lower = token.toLowerCase();
  const primary = lower.replace(DECODER_PATTERNS.leetAny, (c) => LEET[c] ?? c);
  if (ENGLISH_WORDS.has(primary)) return { text: primary, known: true };
  const ambiguous: number[] = [];
  for (let i = 0; i < lower.length; i++) if (LEET_ALT[lower[i] as string] !== undefined) ambiguous.push(i);
  if (ambiguous.length === 0 || ambiguous.length > MAX_AMBIGUOUS) return { text: primary, known: false };
  for (let mask = 1; mask < 1 << ambiguous.length; mask++) {
    const chars = [...primary];
    ambiguous.forEach((pos, bit) => {
      if (mask & (1 << bit)) chars[pos] = LEET_ALT[lower[pos] as string] as string;
    });
    const candidate = chars.join('');
    if (ENGLISH_WORDS.has(candidate)) return { text: candidate, known: true };
  }
  return { text: primary, known: false };
}

/** A leet run needs two distinct decoded words, or one long word with several substitutions ("1gn0r3"). */
function decodeLeet(text: string, out: Decoded[], limit: number): void {
  let distinct = new Set<string>();
  const classify = (start: number, end: number, leetChars: number) => {
    if (leetChars === 0 || end - start > MAX_LEET_TOKEN) return 0;
    const { text: decoded, known } = unleet(text.slice(start, end));
    if (!known) return 0;
    distinct.add(decoded);
    return decoded.length >= 5 && leetChars >= 2 ? 2 : 1;
  };
  const qualifies = (r: Run) => {
    const ok = r.hits >= 2 && (distinct.size >= 2 || r.hits >= 2 * r.words);
    distinct = new Set();
    return ok;
  };
  const runs = hitRuns(text, true, classify, qualifies, limit - out.length);
  for (const r of runs) {
    const segment = text.slice(r.start, r.end);
    const parts: string[] = [];
    let at = 0;
    forEachToken(segment, true, (start, end, leetChars) => {
      if (leetChars === 0) return;
      parts.push(segment.slice(at, start), unleet(segment.slice(start, end)).text);
      at = end;
    });
    parts.push(segment.slice(at));
    out.push({ kind: 'leet', span: { start: r.start, end: r.end }, text: parts.join('') });
  }
}

const DECODERS: Readonly<Record<DecoderName, (text: string, out: Decoded[], limit: number) => void>> = {
  base64: decodeBase64,
  hex: decodeHex,
  url: decodePercent,
  rot13: decodeRot13,
  leet: decodeLeet,
};

/**
 * Runs the enabled decoders over text, each stopping at `limit` results. Suspicious decodings come
 * first, then by position, so padding a prompt with benign blobs does not push a payload out of the budget.
 */
export function decodeAll(text: string, enabled: readonly DecoderName[], limit = Infinity): Decoded[] {
  const out: Decoded[] = [];
  for (const name of enabled) {
    const mine: Decoded[] = [];
    DECODERS[name](text, mine, limit);
    for (const d of mine) out.push(d);
  }
  const rank = out.map((d) => ({ d, bad: isSuspicious(d.text) }));
  rank.sort((a, b) => Number(b.bad) - Number(a.bad) || a.d.span.start - b.d.span.start);
  return rank.map((r) => r.d);
}

/** How alarming a decoded payload is: 0 benign text, 1 contains instruction-like or secret-seeking words. */
export function isSuspicious(decoded: string): boolean {
  return DECODER_PATTERNS.suspicious.test(decoded);
}
