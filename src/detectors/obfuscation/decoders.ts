/**
 * Encoded-payload decoders. Each finds candidate segments in one linear pass and returns the decoded
 * text only when it looks like text (valid, mostly printable UTF-8) or, for rot13/leetspeak (ciphers.ts),
 * like English: otherwise every identifier would yield noise for the other detectors to rescan.
 */
import { decodeLeet, decodeWordCiphers } from './ciphers.js';
import type { Decoded, DecoderName } from './decoded.js';
import { BRAILLE_CELL, CIPHER_WORDS, decoderHints, ENCODED_RUN, LEET_WORD, MIN_ENCODED_RUN, MORSE_RUN, SPACED_LETTERS } from './hints.js';
import { decodeBraille, decodeMorse, decodeSpaced } from './symbols.js';

/** Longest encoded segment considered (larger blobs are attachments, not prompts). */
export const MAX_SEGMENT = 65_536;

export const DECODER_PATTERNS = {
  hexEscaped: /(?:\\x[0-9A-Fa-f]{2}){4,}/g,
  percent: /(?:%[0-9A-Fa-f]{2}){4,}/g,
  base64Std: /[+/]/,
  base64Url: /[-_]/,
  hexEscape: /\\x/g,
  percentSign: /%/g,
};

/**
 * Phrases that make decoded content suspicious rather than merely encoded: instruction overrides,
 * persona jailbreaks, requests for secrets, download-and-run commands. Plain words such as "password"
 * or "curl" alone are not enough: they fill ordinary encoded configs and scripts. Pairs are checked
 * as "verb, then object within NEAR characters" with two simple regexes instead of one with a gap.
 */
export const SUSPICIOUS_PATTERNS = {
  overrideVerb: /\b(?:ignore|disregard|forget|bypass|override|skip)\b/gi,
  overrideObject: /\b(?:instructions?|rules|guidelines|directives|previous|prior|above|system|restrictions|filters?|safety|polic(?:y|ies))\b/i,
  leakVerb: /\b(?:reveal|print|output|repeat|show|send|leak|exfiltrate|give me)\b/gi,
  leakObject: /\b(?:passwords?|secrets?|api[ _-]?keys?|credentials?|system prompt|instructions|tokens?)\b/i,
  phrase: /\b(?:system prompt|jailbreak|jailbroken|developer mode|do anything now|unrestricted ai|no restrictions|new instructions|you are now|from now on)\b/i,
  command: /\brm -rf\b|<script\b|\|\s{0,4}(?:ba|z)?sh\b|powershell\s{1,4}-(?:e|enc|encodedcommand)\b/i,
};
const NEAR = 48;

function near(text: string, verb: RegExp, object: RegExp): boolean {
  verb.lastIndex = 0;
  for (let m = verb.exec(text); m !== null; m = verb.exec(text)) {
    const end = m.index + m[0].length;
    if (object.test(text.slice(end, end + NEAR))) return true;
  }
  return false;
}

/**
 * Called as `charCodeAt.call(text, i)`: `text.charCodeAt` looks the method up on the receiver's map, and
 * scanned strings come in many representations (flat, sliced, concatenated, one- or two-byte,
 * internalized), which soon makes that lookup megamorphic, a generic load per character.
 */
const charCodeAt = String.prototype.charCodeAt;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** True when at least 90% of characters are printable (tabs and newlines count as printable). */
function isPrintable(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  let bad = 0;
  let letters = 0;
  for (let i = 0; i < n; i++) {
    const c = charCodeAt.call(text, i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) bad++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c > 0xbf) letters++;
  }
  return bad <= n * 0.1 && letters >= Math.min(4, n / 2);
}

function bytesToText(bytes: Uint8Array): string | undefined {
  try {
    const text = UTF8.decode(bytes);
    return isPrintable(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

// Character classes of ASCII code units, as bits: runs of a class are found with one table lookup per char.
const LETTER = 1;
const DIGIT = 2;
const HEX = 4;
const B64_EXTRA = 8;
const UPPER = 16;
const B32_DIGIT = 32;
const CLASS = Uint8Array.from({ length: 128 }, (_, c) => {
  const ch = String.fromCharCode(c);
  const has = (chars: string) => (chars.includes(ch) ? 1 : 0);
  const lower = 'abcdefghijklmnopqrstuvwxyz';
  return (
    has(lower + lower.toUpperCase()) * LETTER +
    has('0123456789') * DIGIT +
    has('0123456789abcdefABCDEF') * HEX +
    has('+/_-') * B64_EXTRA +
    has('ABCDEFGHIJKLMNOPQRSTUVWXYZ') * UPPER +
    has('234567') * B32_DIGIT
  );
});

/** Calls fn(start, end, common) for each maximal run of chars in `mask` of at least MIN_ENCODED_RUN chars; `common` = classes shared by every char. */
function forEachRun(text: string, mask: number, out: Decoded[], limit: number, fn: (start: number, end: number, common: number) => void): void {
  let start = -1;
  let common = 0;
  const n = text.length;
  for (let i = 0; i <= n && out.length < limit; i++) {
    const c = i < n ? charCodeAt.call(text, i) : 0;
    const k = c < 128 ? (CLASS[c] as number) : 0;
    if (k & mask) {
      if (start < 0) {
        start = i;
        common = 0xff;
      }
      common &= k;
    } else if (start >= 0) {
      if (i - start >= MIN_ENCODED_RUN && i - start <= MAX_SEGMENT) fn(start, i, common);
      start = -1;
    }
  }
}


/** Calls fn on each candidate segment until `out` holds `limit` results. */
function eachMatch(re: RegExp, text: string, out: Decoded[], limit: number, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && out.length < limit; m = re.exec(text)) {
    if (m[0].length <= MAX_SEGMENT) fn(m);
  }
}

function decodeBase64(text: string, out: Decoded[], limit: number): void {
  forEachRun(text, LETTER | DIGIT | B64_EXTRA, out, limit, (start, end, common) => {
    // A bare hex string or number is the hex decoder's.
    if (common & HEX) return;
    const body = text.slice(start, end);
    if (body.length % 4 === 1) return;
    if (DECODER_PATTERNS.base64Std.test(body) && DECODER_PATTERNS.base64Url.test(body)) return;
    let stop = end;
    while (stop < end + 2 && text.charCodeAt(stop) === 0x3d) stop++;
    const decoded = bytesToText(Buffer.from(body, 'base64'));
    if (decoded !== undefined) out.push({ kind: 'base64', span: { start, end: stop }, text: decoded });
  });
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Bytes(body: string): Uint8Array {
  const out = new Uint8Array(Math.floor((body.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let j = 0;
  for (let i = 0; i < body.length; i++) {
    value = ((value << 5) | BASE32_ALPHABET.indexOf(body[i] as string)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[j++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out.subarray(0, j);
}

/** RFC 4648 base32 (uppercase A-Z, 2-7), as used by garak-style encoding probes. */
function decodeBase32(text: string, out: Decoded[], limit: number): void {
  const alnum = (i: number) => i >= 0 && i < text.length && ((CLASS[text.charCodeAt(i)] ?? 0) & (LETTER | DIGIT)) !== 0;
  forEachRun(text, UPPER | B32_DIGIT, out, limit, (start, end) => {
    if ([1, 3, 6].includes((end - start) % 8) || alnum(start - 1) || alnum(end)) return;
    let stop = end;
    while (stop < end + 6 && text.charCodeAt(stop) === 0x3d) stop++;
    const decoded = bytesToText(base32Bytes(text.slice(start, end)));
    if (decoded !== undefined) out.push({ kind: 'base32', span: { start, end: stop }, text: decoded });
  });
}

/** Hex needs a whole alphanumeric run of hex digits: a hex-looking stretch inside a word is not hex. */
function decodeHexRuns(text: string, out: Decoded[], limit: number): void {
  forEachRun(text, LETTER | DIGIT, out, limit, (start, end, common) => {
    if (!(common & HEX) || (end - start) % 2 !== 0) return;
    const decoded = bytesToText(Buffer.from(text.slice(start, end), 'hex'));
    if (decoded !== undefined) out.push({ kind: 'hex', span: { start, end }, text: decoded });
  });
}

/** `\x69\x67...` escapes. */
function decodeHexEscapes(text: string, out: Decoded[], limit: number): void {
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

type Decoder = (text: string, out: Decoded[], limit: number) => void;

/** A decoder, and whether it can find anything in a text given the text's decoderHints (a necessary condition). */
interface DecoderStep {
  decode: Decoder;
  applies: (text: string, hints: number) => boolean;
}

const hinted = (hint: number) => (_: string, hints: number) => (hints & hint) !== 0;
const needs = (literal: string) => (text: string) => text.includes(literal);

/** Decoders with their own pass (rot13 and reverse share one token pass, decodeWordCiphers). */
const DECODERS: Readonly<Record<Exclude<DecoderName, 'rot13' | 'reverse'>, DecoderStep[]>> = {
  base64: [{ decode: decodeBase64, applies: hinted(ENCODED_RUN) }],
  base32: [{ decode: decodeBase32, applies: hinted(ENCODED_RUN) }],
  hex: [
    { decode: decodeHexRuns, applies: hinted(ENCODED_RUN) },
    { decode: decodeHexEscapes, applies: needs('\\x') },
  ],
  url: [{ decode: decodePercent, applies: needs('%') }],
  leet: [{ decode: decodeLeet, applies: hinted(LEET_WORD) }],
  spaced: [{ decode: decodeSpaced, applies: hinted(SPACED_LETTERS) }],
  morse: [{ decode: decodeMorse, applies: hinted(MORSE_RUN) }],
  braille: [{ decode: decodeBraille, applies: hinted(BRAILLE_CELL) }],
};

/**
 * Runs the enabled decoders over text, each stopping at `limit` results. Suspicious decodings come
 * first, then by position, so padding a prompt with benign blobs does not push a payload out of the budget.
 */
export function decodeAll(text: string, enabled: readonly DecoderName[], limit = Infinity): Decoded[] {
  const out: Decoded[] = [];
  const hints = decoderHints(text);
  for (const name of enabled) {
    if (name === 'rot13' || name === 'reverse') continue;
    const mine: Decoded[] = [];
    for (const step of DECODERS[name]) if (step.applies(text, hints)) step.decode(text, mine, limit);
    for (const d of mine) out.push(d);
  }
  const rot = enabled.includes('rot13') ? [] : undefined;
  const rev = enabled.includes('reverse') ? [] : undefined;
  if ((rot || rev) && hints & CIPHER_WORDS) decodeWordCiphers(text, rot, rev, limit);
  for (const d of [...(rot ?? []), ...(rev ?? [])]) out.push(d);
  if (out.length === 0) return out;
  const rank = out.map((d) => ({ d, bad: isSuspicious(d.text) }));
  rank.sort((a, b) => Number(b.bad) - Number(a.bad) || a.d.span.start - b.d.span.start);
  return rank.map((r) => r.d);
}

/** How alarming a decoded payload is: 0 benign text, 1 contains instruction-like or secret-seeking words. */
export function isSuspicious(decoded: string): boolean {
  const p = SUSPICIOUS_PATTERNS;
  return p.phrase.test(decoded) || p.command.test(decoded) || near(decoded, p.overrideVerb, p.overrideObject) || near(decoded, p.leakVerb, p.leakObject);
}
