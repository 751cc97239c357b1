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
  word: /[A-Za-z]{2,24}/g,
  leetToken: /[A-Za-z0-9@$]{2,32}/g,
  alnum: /[A-Za-z0-9]/,
  leetChar: /[0134578@$]/,
  letter: /[A-Za-z]/,
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

function eachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length <= MAX_SEGMENT) fn(m);
  }
}

function decodeBase64(text: string, out: Decoded[]): void {
  eachMatch(DECODER_PATTERNS.base64, text, (m) => {
    const seg = m[0];
    const body = seg.replace(/=+$/, '');
    if (body.length % 4 === 1) return;
    if (/[+/]/.test(body) && /[-_]/.test(body)) return;
    // A bare hex string or number is handled by the hex decoder.
    if (/^[0-9A-Fa-f]+$/.test(body)) return;
    const decoded = bytesToText(Buffer.from(body, 'base64'));
    if (decoded !== undefined) out.push({ kind: 'base64', span: { start: m.index, end: m.index + seg.length }, text: decoded });
  });
}

function decodeHex(text: string, out: Decoded[]): void {
  eachMatch(DECODER_PATTERNS.hex, text, (m) => {
    const seg = m[0];
    if (seg.length % 2 !== 0 || !isBoundary(text, m.index - 1) || !isBoundary(text, m.index + seg.length)) return;
    const decoded = bytesToText(Buffer.from(seg, 'hex'));
    if (decoded !== undefined) out.push({ kind: 'hex', span: { start: m.index, end: m.index + seg.length }, text: decoded });
  });
  eachMatch(DECODER_PATTERNS.hexEscaped, text, (m) => {
    const decoded = bytesToText(Buffer.from(m[0].replace(/\\x/g, ''), 'hex'));
    if (decoded !== undefined) out.push({ kind: 'hex', span: { start: m.index, end: m.index + m[0].length }, text: decoded });
  });
}

function decodePercent(text: string, out: Decoded[]): void {
  eachMatch(DECODER_PATTERNS.percent, text, (m) => {
    const decoded = bytesToText(Buffer.from(m[0].replace(/%/g, ''), 'hex'));
    if (decoded !== undefined) out.push({ kind: 'url', span: { start: m.index, end: m.index + m[0].length }, text: decoded });
  });
}

export function rot13(text: string): string {
  return text.replace(/[A-Za-z]/g, (ch) => {
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

/**
 * Groups word-level hits into runs (at most `maxGap` non-hit words between hits) and returns the runs
 * that qualify. `classify` returns 1 for a hit, 0 for a neutral word.
 */
function hitRuns(text: string, re: RegExp, classify: (word: string) => number, qualifies: (r: Run) => boolean, maxGap = 3): Run[] {
  const runs: Run[] = [];
  let run: Run | undefined;
  const close = () => {
    if (run && qualifies(run)) runs.push(run);
    run = undefined;
  };
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const hit = classify(m[0]);
    if (hit > 0) {
      if (run && run.gap <= maxGap) {
        run.words += run.gap + 1;
        run.hits += hit;
        run.end = m.index + m[0].length;
        run.gap = 0;
      } else {
        close();
        run = { start: m.index, end: m.index + m[0].length, hits: hit, words: 1, gap: 0 };
      }
    } else if (run && ++run.gap > maxGap) {
      close();
    }
  }
  close();
  return runs;
}

function decodeRot13(text: string, out: Decoded[]): void {
  const classify = (w: string) => {
    const lower = w.toLowerCase();
    return ROT13_WORDS.has(lower) && !ENGLISH_WORDS.has(lower) ? 1 : 0;
  };
  const runs = hitRuns(text, DECODER_PATTERNS.word, classify, (r) => r.hits >= 2 && r.hits >= r.words * 0.4);
  for (const r of runs) out.push({ kind: 'rot13', span: { start: r.start, end: r.end }, text: rot13(text.slice(r.start, r.end)) });
}

const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's' };

/** Decodes one leet token; `1` is read as `i` or `l`, whichever yields a known word. */
export function unleet(token: string): { text: string; known: boolean } {
  const lower = token.toLowerCase();
  const asI = lower.replace(/[0-9@$]/g, (c) => LEET[c] ?? c);
  if (ENGLISH_WORDS.has(asI)) return { text: asI, known: true };
  const asL = asI.replace(/i/g, (c, i: number) => (lower[i] === '1' ? 'l' : c));
  return ENGLISH_WORDS.has(asL) ? { text: asL, known: true } : { text: asI, known: false };
}

function isLeetToken(token: string): boolean {
  return DECODER_PATTERNS.letter.test(token) && DECODER_PATTERNS.leetChar.test(token);
}

function decodeLeet(text: string, out: Decoded[]): void {
  const classify = (w: string) => {
    if (!isLeetToken(w)) return 0;
    const { text: decoded, known } = unleet(w);
    if (!known) return 0;
    return decoded.length >= 5 && w.length - w.replace(/[0-9@$]/g, '').length >= 2 ? 2 : 1;
  };
  const runs = hitRuns(text, DECODER_PATTERNS.leetToken, classify, (r) => r.hits >= 2);
  for (const r of runs) {
    const decoded = text.slice(r.start, r.end).replace(DECODER_PATTERNS.leetToken, (w) => (isLeetToken(w) ? unleet(w).text : w));
    out.push({ kind: 'leet', span: { start: r.start, end: r.end }, text: decoded });
  }
}

const DECODERS: Readonly<Record<DecoderName, (text: string, out: Decoded[]) => void>> = {
  base64: decodeBase64,
  hex: decodeHex,
  url: decodePercent,
  rot13: decodeRot13,
  leet: decodeLeet,
};

/** Runs the enabled decoders over text; results are ordered by position. */
export function decodeAll(text: string, enabled: readonly DecoderName[]): Decoded[] {
  const out: Decoded[] = [];
  for (const name of enabled) DECODERS[name](text, out);
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** How alarming a decoded payload is: 0 benign text, 1 contains instruction-like or secret-seeking words. */
export function isSuspicious(decoded: string): boolean {
  return DECODER_PATTERNS.suspicious.test(decoded);
}
