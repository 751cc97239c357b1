/**
 * Cipher decoders: rot13, reversed text and leetspeak. Unlike base64 they turn any text into other text, so a
 * decoding counts only when it reads as English (a small vocabulary in english.ts), in runs of words.
 */
import { ENGLISH_WORDS, MAX_WORD_LENGTH as MAX_WORD } from './english.js';
import type { Decoded } from './decoded.js';

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
  /** (first letter, second letter, length) of every word: most tokens fail this before any allocation. */
  private readonly shapes = new Uint8Array(26 * 26 * 16);
  constructor(transform: (w: string) => string) {
    this.words = new Set([...ENGLISH_WORDS].filter((w) => w.length >= 2).map(transform));
    for (const w of this.words) {
      const pair = (w.charCodeAt(0) - 97) * 26 + (w.charCodeAt(1) - 97);
      this.prefixes[pair] = 1;
      this.shapes[pair * 16 + Math.min(w.length, 15)] = 1;
    }
  }

  /** Whether the ASCII-letter token text[start, start+2) can begin a word of this vocabulary. */
  mayStart(text: string, start: number): boolean {
    return this.prefixes[((text.charCodeAt(start) | 0x20) - 97) * 26 + ((text.charCodeAt(start + 1) | 0x20) - 97)] === 1;
  }

  /** Whether the ASCII-letter token text[start, end) can be a word of this vocabulary. */
  mayBe(text: string, start: number, end: number): boolean {
    const pair = ((text.charCodeAt(start) | 0x20) - 97) * 26 + ((text.charCodeAt(start + 1) | 0x20) - 97);
    return this.shapes[pair * 16 + Math.min(end - start, 15)] === 1;
  }
}

const ROT13_WORDS = new Vocabulary(rot13);
const REVERSED_WORDS = new Vocabulary(reverse);
/** Shortest token each word cipher considers. */
const ROT13_MIN_LENGTH = 2;
const REVERSED_MIN_LENGTH = 3;

/** The tokens that can count as a hit for a word cipher: decoded words that are not English as written. */
function hitWords(vocabulary: Vocabulary, minLength: number): readonly string[] {
  return [...vocabulary.words].filter((w) => w.length >= minLength && !ENGLISH_WORDS.has(w));
}
export const ROT13_HIT_WORDS = hitWords(ROT13_WORDS, ROT13_MIN_LENGTH);
export const REVERSED_HIT_WORDS = hitWords(REVERSED_WORDS, REVERSED_MIN_LENGTH);


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

/** At most this many neutral tokens may separate two hits of one run. */
const MAX_GAP = 3;

/** Groups token-level hits into runs and keeps the runs that qualify. */
class RunTracker {
  readonly runs: Run[] = [];
  private run: Run | undefined;
  constructor(
    private readonly qualifies: (r: Run) => boolean,
    private readonly limit: number,
  ) {}

  get done(): boolean {
    return this.runs.length >= this.limit;
  }

  hit(start: number, end: number, weight: number): void {
    const run = this.run;
    if (run && run.gap <= MAX_GAP) {
      run.words += run.gap + 1;
      run.hits += weight;
      run.end = end;
      run.gap = 0;
      return;
    }
    this.close();
    this.run = { start, end, hits: weight, words: 1, gap: 0 };
  }

  miss(): void {
    if (this.run && ++this.run.gap > MAX_GAP) this.close();
  }

  close(): void {
    if (this.run && !this.done && this.qualifies(this.run)) this.runs.push(this.run);
    this.run = undefined;
  }
}

/**
 * Runs of words that decode (rot13, reversal) to English while not being English as written. A run
 * needs two distinct decoded words and one long word: two-letter words collide with abbreviations
 * ("TB" -> "go") and repeated words ("bar" -> "one") prove nothing.
 */
class WordCipher {
  readonly tracker: RunTracker;
  private distinct = new Set<string>();
  private long = 0;
  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly minLen: number,
    private readonly minLong: number,
    limit: number,
  ) {
    this.tracker = new RunTracker((r) => this.qualifies(r), limit);
  }

  token(text: string, start: number, end: number): void {
    const len = end - start;
    if (len < this.minLen || len > MAX_WORD || !this.vocabulary.mayBe(text, start, end)) return this.tracker.miss();
    const word = text.slice(start, end);
    const lower = word.toLowerCase();
    if ((len === 2 && word === word.toUpperCase()) || !this.vocabulary.words.has(lower) || ENGLISH_WORDS.has(lower)) return this.tracker.miss();
    this.distinct.add(lower);
    if (len >= this.minLong) this.long++;
    this.tracker.hit(start, end, 1);
  }

  private qualifies(r: Run): boolean {
    const ok = r.hits >= 2 && r.hits >= r.words * 0.5 && this.distinct.size >= 2 && this.long >= 1;
    this.distinct = new Set();
    this.long = 0;
    return ok;
  }
}

/** rot13 and reversal in one token pass; pass undefined for a cipher that is not enabled. */
export function decodeWordCiphers(text: string, rot13Out: Decoded[] | undefined, reverseOut: Decoded[] | undefined, limit: number): void {
  const rot = rot13Out ? new WordCipher(ROT13_WORDS, ROT13_MIN_LENGTH, 3, limit) : undefined;
  const rev = reverseOut ? new WordCipher(REVERSED_WORDS, REVERSED_MIN_LENGTH, 4, Math.ceil(limit / 2)) : undefined;
  forEachToken(text, false, (start, end) => {
    rot?.token(text, start, end);
    rev?.token(text, start, end);
  });
  rot?.tracker.close();
  rev?.tracker.close();
  for (const r of rot?.tracker.runs ?? []) rot13Out?.push({ kind: 'rot13', span: { start: r.start, end: r.end }, text: rot13(text.slice(r.start, r.end)) });
  for (const r of rev?.tracker.runs ?? []) {
    // Both readings: the whole span reversed ("snoitcurtsni lla") and each word reversed in place.
    const span = text.slice(r.start, r.end);
    reverseOut?.push({ kind: 'reverse', span: { start: r.start, end: r.end }, text: reverse(span) });
    reverseOut?.push({ kind: 'reverse', span: { start: r.start, end: r.end }, text: span.replace(CIPHER_PATTERNS.word, reverse) });
  }
}

const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '2': 'z', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's' };
/** Second readings of ambiguous digits, tried when the first reading is not a known word. */
const LEET_ALT: Readonly<Record<string, string>> = { '1': 'l', '2': 'r', '6': 'b', '9': 'q' };
export const LEET_CODES: ReadonlySet<number> = new Set(Object.keys(LEET).map((c) => c.charCodeAt(0)));
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
  const tracker = new RunTracker((r) => {
    const ok = r.hits >= 2 && (distinct.size >= 2 || r.hits >= 2 * r.words);
    distinct = new Set();
    return ok;
  }, limit - out.length);
  forEachToken(text, true, (start, end, leetChars) => {
    if (leetChars === 0 || end - start < 2 || end - start > MAX_WORD || !mayStartLeetWord(text, start)) return tracker.miss();
    const { text: decoded, known } = unleet(text.slice(start, end));
    if (!known) return tracker.miss();
    distinct.add(decoded);
    tracker.hit(start, end, decoded.length >= 5 && leetChars >= 2 ? 2 : 1);
  });
  tracker.close();
  const runs = tracker.runs;
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

