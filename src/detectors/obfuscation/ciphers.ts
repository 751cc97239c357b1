/**
 * Cipher decoders: rot13 and leetspeak. Unlike base64 they turn any text into other text, so a
 * decoding counts only when it reads as English (a small vocabulary in english.ts), in runs of words.
 */
import { ENGLISH_WORDS, MAX_WORD_LENGTH as MAX_WORD } from './english.js';
import type { Decoded } from './decoders.js';

export const CIPHER_PATTERNS = {
  asciiLetter: /[A-Za-z]/g,
  word: /[A-Za-z]{1,64}/g,
};

interface Run {
  start: number;
  end: number;
  hits: number;
  words: number;
  gap: number;
}

export function rot13(text: string): string {
  return text.replace(CIPHER_PATTERNS.asciiLetter, (ch) => {
    const c = ch.charCodeAt(0);
    const base = c >= 0x61 ? 0x61 : 0x41;
    return String.fromCharCode(((c - base + 13) % 26) + base);
  });
}

const reverse = (s: string): string => [...s].reverse().join('');

/** A transformed vocabulary with a table of its two-letter prefixes, to reject most words without allocating. */
class Vocabulary {
  readonly words: ReadonlySet<string>;
  private readonly prefixes = new Uint8Array(26 * 26);
  constructor(transform: (w: string) => string) {
    this.words = new Set([...ENGLISH_WORDS].filter((w) => w.length >= 2).map(transform));
    for (const w of this.words) this.prefixes[(w.charCodeAt(0) - 97) * 26 + (w.charCodeAt(1) - 97)] = 1;
  }

  /** Whether the ASCII-letter token text[start, start+2) can begin a word of this vocabulary. */
  mayStart(text: string, start: number): boolean {
    return this.prefixes[((text.charCodeAt(start) | 0x20) - 97) * 26 + ((text.charCodeAt(start + 1) | 0x20) - 97)] === 1;
  }
}

const ROT13_WORDS = new Vocabulary(rot13);
const REVERSED_WORDS = new Vocabulary(reverse);


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
 * Runs of words that decode (rot13, reversal) to English while not being English as written. A run
 * needs two distinct decoded words and one of 3+ letters: two-letter words collide with abbreviations
 * ("TB" -> "go") and repeated words ("bar" -> "one") prove nothing.
 */
function decodeWordCipher(text: string, vocabulary: Vocabulary, minLen: number, minLong: number, onRun: (start: number, end: number) => void, limit: number): void {
  let distinct = new Set<string>();
  let long = 0;
  const classify = (start: number, end: number) => {
    const len = end - start;
    if (len < minLen || len > MAX_WORD || !vocabulary.mayStart(text, start)) return 0;
    const word = text.slice(start, end);
    if (len === 2 && word === word.toUpperCase()) return 0;
    const lower = word.toLowerCase();
    if (!vocabulary.words.has(lower) || ENGLISH_WORDS.has(lower)) return 0;
    distinct.add(lower);
    if (len >= minLong) long++;
    return 1;
  };
  const qualifies = (r: Run) => {
    const ok = r.hits >= 2 && r.hits >= r.words * 0.5 && distinct.size >= 2 && long >= 1;
    distinct = new Set();
    long = 0;
    return ok;
  };
  for (const r of hitRuns(text, false, classify, qualifies, limit)) onRun(r.start, r.end);
}

export function decodeRot13(text: string, out: Decoded[], limit: number): void {
  decodeWordCipher(text, ROT13_WORDS, 2, 3, (start, end) => out.push({ kind: 'rot13', span: { start, end }, text: rot13(text.slice(start, end)) }), limit - out.length);
}

/** Reversed text: both readings are offered, whole span reversed ("snoitcurtsni lla") and each word reversed in place. */
export function decodeReverse(text: string, out: Decoded[], limit: number): void {
  decodeWordCipher(
    text,
    REVERSED_WORDS,
    3,
    4,
    (start, end) => {
      const span = text.slice(start, end);
      out.push({ kind: 'reverse', span: { start, end }, text: reverse(span) });
      out.push({ kind: 'reverse', span: { start, end }, text: span.replace(CIPHER_PATTERNS.word, reverse) });
    },
    Math.ceil((limit - out.length) / 2),
  );
}

const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '2': 'z', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's' };
/** Second readings of ambiguous digits, tried when the first reading is not a known word. */
const LEET_ALT: Readonly<Record<string, string>> = { '1': 'l', '2': 'r', '6': 'b', '9': 'q' };
const LEET_CODES: ReadonlySet<number> = new Set(Object.keys(LEET).map((c) => c.charCodeAt(0)));
const MAX_AMBIGUOUS = 3;

const ENGLISH_PREFIXES = new Vocabulary((w) => w);

function primaryReading(c: string): string {
  const lower = c.toLowerCase();
  return LEET[lower] ?? lower;
}

/** Cheap pre-check on the first two characters under every reading, before unleet allocates. */
function mayStartLeetWord(text: string, start: number): boolean {
  const a = text[start] as string;
  const b = text[start + 1] as string;
  const a2 = LEET_ALT[a] ?? primaryReading(a);
  const b2 = LEET_ALT[b] ?? primaryReading(b);
  const a1 = primaryReading(a);
  const b1 = primaryReading(b);
  return [a1 + b1, a1 + b2, a2 + b1, a2 + b2].some(startsEnglish);
}

const startsEnglish = (pair: string): boolean => ENGLISH_PREFIXES.mayStart(pair, 0);

/** Recent unleet results: prompts repeat their tokens, adversarial inputs even more so. */
const UNLEET_CACHE = new Map<string, { text: string; known: boolean }>();
const UNLEET_CACHE_SIZE = 4096;

/** Decodes one leet token, trying the readings of up to MAX_AMBIGUOUS ambiguous digits for a known word. */
export function unleet(token: string): { text: string; known: boolean } {
  const cached = UNLEET_CACHE.get(token);
  if (cached) return cached;
  if (UNLEET_CACHE.size >= UNLEET_CACHE_SIZE) UNLEET_CACHE.clear();
  const result = decodeLeetToken(token);
  UNLEET_CACHE.set(token, result);
  return result;
}

function decodeLeetToken(token: string): { text: string; known: boolean } {
  const lower = token.toLowerCase();
  let primary = '';
  const ambiguous: number[] = [];
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i] as string;
    primary += LEET[ch] ?? ch;
    if (LEET_ALT[ch] !== undefined) ambiguous.push(i);
  }
  if (ENGLISH_WORDS.has(primary)) return { text: primary, known: true };
  if (ambiguous.length === 0 || ambiguous.length > MAX_AMBIGUOUS) return { text: primary, known: false };
  for (let mask = 1; mask < 1 << ambiguous.length; mask++) {
    const chars = [...primary];
    for (let bit = 0; bit < ambiguous.length; bit++) {
      const pos = ambiguous[bit] as number;
      if (mask & (1 << bit)) chars[pos] = LEET_ALT[lower[pos] as string] as string;
    }
    const candidate = chars.join('');
    if (ENGLISH_WORDS.has(candidate)) return { text: candidate, known: true };
  }
  return { text: primary, known: false };
}

/** A leet run needs two distinct decoded words, or one long word with several substitutions ("1gn0r3"). */
export function decodeLeet(text: string, out: Decoded[], limit: number): void {
  let distinct = new Set<string>();
  const classify = (start: number, end: number, leetChars: number) => {
    if (leetChars === 0 || end - start < 2 || end - start > MAX_WORD || !mayStartLeetWord(text, start)) return 0;
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

