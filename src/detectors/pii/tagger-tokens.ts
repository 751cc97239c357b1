/**
 * Tokenizer of the PII token tagger: each token's strings (word, affixes, shape) are hashed once into a
 * TokenTable, so the features (tagger-features.ts) only mix integers. Shared by inference and training.
 */

export const TAGGER_PATTERNS = {
  /** Words (letters + marks), digit runs, or one other non-space character. Bounded runs keep it linear. */
  token: /[\p{L}\p{M}]{1,64}|\p{N}{1,32}|[^\s\p{L}\p{M}\p{N}]/gu,
};
/** TAGGER_PATTERNS.token anchored at lastIndex. */
const TOKEN_AT = new RegExp(TAGGER_PATTERNS.token.source, 'uy');


export const TokenKind = { Symbol: 0, Word: 1, Number: 2 } as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

const CAPITALIZED = 1;
const COMMON = 2;
const LINE_START = 4;
const KIND_SHIFT = 3;

/**
 * Tokens as parallel typed arrays (no object per token: long inputs stay linear and GC-free).
 * Hashes are of the lower-cased word, its 3- and 2-char suffixes, 3-char prefix, and collapsed shape.
 */
export class TokenTable {
  count = 0;
  start: Int32Array;
  end: Int32Array;
  word: Int32Array;
  suffix3: Int32Array;
  suffix2: Int32Array;
  prefix3: Int32Array;
  shape: Int32Array;
  /** Bits: capitalized, common word, first on its line, then the TokenKind. */
  flags: Uint8Array;

  constructor(capacity = 256) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.word = new Int32Array(capacity);
    this.suffix3 = new Int32Array(capacity);
    this.suffix2 = new Int32Array(capacity);
    this.prefix3 = new Int32Array(capacity);
    this.shape = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  get capacity(): number {
    return this.start.length;
  }

  /** Doubles the arrays, keeping the first `count` entries. */
  grow(): void {
    const size = this.capacity * 2;
    const widen = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    const int = (n: number) => new Int32Array(n);
    this.start = widen(this.start, int);
    this.end = widen(this.end, int);
    this.word = widen(this.word, int);
    this.suffix3 = widen(this.suffix3, int);
    this.suffix2 = widen(this.suffix2, int);
    this.prefix3 = widen(this.prefix3, int);
    this.shape = widen(this.shape, int);
    this.flags = widen(this.flags, (n) => new Uint8Array(n));
  }

  capitalized(i: number): boolean {
    return ((this.flags[i] as number) & CAPITALIZED) !== 0;
  }

  common(i: number): boolean {
    return ((this.flags[i] as number) & COMMON) !== 0;
  }

  lineStart(i: number): boolean {
    return ((this.flags[i] as number) & LINE_START) !== 0;
  }

  kind(i: number): TokenKind {
    return ((this.flags[i] as number) >> KIND_SHIFT) as TokenKind;
  }
}

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** Hash of a lower-cased word as stored in `TokenTable.word`. */
export function wordHash(lower: string): number {
  return hashString(lower, 0, lower.length);
}

function hashString(s: string, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h | 0;
}

/** Collapsed word shape (`McDonald` -> `XxXx`, `2024` -> `d`) as a hash. */
function shapeHash(word: string): number {
  let h = FNV_OFFSET;
  let last = -1;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    let c: number;
    if (code >= 48 && code <= 57) c = 100; // d
    else if (code >= 97 && code <= 122) c = 120; // x
    else if (code >= 65 && code <= 90) c = 88; // X
    else if (code < 128) c = code;
    else {
      const ch = word[i] as string;
      const lower = ch.toLowerCase();
      c = lower === ch.toUpperCase() ? 111 : ch === lower ? 120 : 88;
    }
    if (c !== last) h = Math.imul(h ^ c, FNV_PRIME);
    last = c;
  }
  return h | 0;
}

function isUpperInitial(word: string): boolean {
  const ch = word[0] as string;
  return ch !== ch.toLowerCase();
}

/** Adds the token `raw` found at `start`, deriving everything from its strings (any script). */
function addToken(table: TokenTable, raw: string, start: number, lineStart: boolean, commonWords: ReadonlySet<string>): void {
  const lower = raw.toLowerCase();
  const n = lower.length;
  const i = table.count;
  if (i === table.capacity) table.grow();
  const first = raw.charCodeAt(0);
  const kind = first >= 48 && first <= 57 ? TokenKind.Number : lower !== raw.toUpperCase() || n > 1 ? TokenKind.Word : TokenKind.Symbol;
  table.start[i] = start;
  table.end[i] = start + raw.length;
  table.word[i] = hashString(lower, 0, n);
  table.suffix3[i] = hashString(lower, Math.max(0, n - 3), n);
  table.suffix2[i] = hashString(lower, Math.max(0, n - 2), n);
  table.prefix3[i] = hashString(lower, 0, Math.min(3, n));
  table.shape[i] = shapeHash(raw);
  table.flags[i] =
    (isUpperInitial(raw) ? CAPITALIZED : 0) | (commonWords.has(lower) ? COMMON : 0) | (lineStart ? LINE_START : 0) | (kind << KIND_SHIFT);
  table.count = i + 1;
}

const ASCII_SPACE = 0;
const ASCII_LETTER = 1;
const ASCII_DIGIT = 2;
const ASCII_SYMBOL = 3;
/** What TAGGER_PATTERNS.token makes of each ASCII character: `\s`, `\p{L}`, `\p{N}` or a one-character symbol. */
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, c) =>
  (c >= 9 && c <= 13) || c === 32 ? ASCII_SPACE : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a ? ASCII_LETTER : c >= 48 && c <= 57 ? ASCII_DIGIT : ASCII_SYMBOL,
);
/** Longest letter and digit runs of TAGGER_PATTERNS.token. */
const MAX_LETTERS = 64;
const MAX_DIGITS = 32;

/**
 * The ASCII words of the common-word set by word hash (open addressing), so ASCII tokens are looked up
 * without building their string: slot k holds the hash at 2k and the word's index + 1 at 2k + 1 (0: empty).
 */
class WordIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly words: string[];

  constructor(words: ReadonlySet<string>) {
    this.words = [...words].filter((w) => !NON_ASCII.test(w));
    let size = 16;
    while (size < this.words.length * 1.5) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(2 * size);
    this.words.forEach((w, index) => {
      const hash = hashString(w, 0, w.length);
      let slot = hash & this.mask;
      while ((this.slots[2 * slot + 1] as number) !== 0) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = hash;
      this.slots[2 * slot + 1] = index + 1;
    });
  }

  /** Whether text[start, end), ASCII, lower-cased and hashing to `hash`, is in the set. */
  hasAscii(text: string, start: number, end: number, hash: number): boolean {
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[2 * slot + 1] as number;
      if (entry === 0) return false;
      if (this.slots[2 * slot] !== hash) continue;
      const w = this.words[entry - 1] as string;
      if (w.length !== end - start) continue;
      let same = true;
      for (let k = 0; same && k < w.length; k++) same = w.charCodeAt(k) === lowerAscii(text.charCodeAt(start + k));
      if (same) return true;
    }
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

const wordIndexes = new WeakMap<ReadonlySet<string>, WordIndex>();

function wordIndex(words: ReadonlySet<string>): WordIndex {
  let index = wordIndexes.get(words);
  if (index === undefined) {
    index = new WordIndex(words);
    wordIndexes.set(words, index);
  }
  return index;
}

const lowerAscii = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/** Adds the all-ASCII token text[start, end): the same values addToken computes, from char codes. */
function addAsciiToken(table: TokenTable, text: string, start: number, end: number, kind: TokenKind, lineStart: boolean, common: WordIndex): void {
  const i = table.count;
  if (i === table.capacity) table.grow();
  const prefixEnd = Math.min(end, start + 3);
  let word = FNV_OFFSET;
  let prefix = FNV_OFFSET;
  let shape = FNV_OFFSET;
  let lastShape = -1;
  for (let k = start; k < end; k++) {
    const code = text.charCodeAt(k);
    word = Math.imul(word ^ lowerAscii(code), FNV_PRIME);
    if (k < prefixEnd) prefix = word;
    const c = code >= 48 && code <= 57 ? 100 : code >= 97 && code <= 122 ? 120 : code >= 65 && code <= 90 ? 88 : code;
    if (c !== lastShape) shape = Math.imul(shape ^ c, FNV_PRIME);
    lastShape = c;
  }
  const first = text.charCodeAt(start);
  // A suffix as long as the token hashes like the token itself.
  const n = end - start;
  const z = lowerAscii(text.charCodeAt(end - 1));
  const y = n > 1 ? lowerAscii(text.charCodeAt(end - 2)) : 0;
  const x = n > 2 ? lowerAscii(text.charCodeAt(end - 3)) : 0;
  const suffix2 = n > 2 ? Math.imul(Math.imul(FNV_OFFSET ^ y, FNV_PRIME) ^ z, FNV_PRIME) : word;
  const suffix3 = n > 3 ? Math.imul(Math.imul(Math.imul(FNV_OFFSET ^ x, FNV_PRIME) ^ y, FNV_PRIME) ^ z, FNV_PRIME) : word;
  table.start[i] = start;
  table.end[i] = end;
  table.word[i] = word | 0;
  table.suffix3[i] = suffix3 | 0;
  table.suffix2[i] = suffix2 | 0;
  table.prefix3[i] = prefix | 0;
  table.shape[i] = shape | 0;
  table.flags[i] =
    (first >= 65 && first <= 90 ? CAPITALIZED : 0) |
    (common.hasAscii(text, start, end, word | 0) ? COMMON : 0) |
    (lineStart ? LINE_START : 0) |
    (kind << KIND_SHIFT);
  table.count = i + 1;
}

const ASCII_KIND: Readonly<Record<number, TokenKind>> = { [ASCII_LETTER]: TokenKind.Word, [ASCII_DIGIT]: TokenKind.Number, [ASCII_SYMBOL]: TokenKind.Symbol };

/**
 * Called as `charCodeAt.call(text, i)`: `text.charCodeAt` looks the method up on the receiver's map, and
 * scanned strings come in many representations (flat, sliced, concatenated, one- or two-byte,
 * internalized), which soon makes that lookup megamorphic, a generic load per character.
 */
const charCodeAt = String.prototype.charCodeAt;

/**
 * Tokenizes into `table` (reset first; a fresh one when omitted). `commonWords`: lower-case words that
 * are usually not names (see common-words.ts). Tokens are TAGGER_PATTERNS.token matches: ASCII ones are
 * read with a char-code loop, anything touching another character goes through the pattern itself.
 */
export function tokenize(text: string, commonWords: ReadonlySet<string>, table = new TokenTable()): TokenTable {
  table.count = 0;
  const common = wordIndex(commonWords);
  const re = TOKEN_AT;
  let lineStart = true;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = charCodeAt.call(text, i);
    if (c < 128) {
      const cls = ASCII_CLASS[c] as number;
      if (cls === ASCII_SPACE) {
        if (c === 10) lineStart = true;
        i++;
        continue;
      }
      let end = i + 1;
      const max = cls === ASCII_LETTER ? MAX_LETTERS : cls === ASCII_DIGIT ? MAX_DIGITS : 1;
      while (end < n && end - i < max && ASCII_CLASS[charCodeAt.call(text, end)] === cls) end++;
      // A letter or digit run cut short by a non-ASCII character may continue with it (accents, other scripts).
      if (end - i === max || end === n || charCodeAt.call(text, end) < 128) {
        addAsciiToken(table, text, i, end, ASCII_KIND[cls] as TokenKind, lineStart, common);
        lineStart = false;
        i = end;
        continue;
      }
    }
    re.lastIndex = i;
    const m = re.exec(text);
    // Only whitespace fails to start a token.
    if (m === null) {
      i++;
      continue;
    }
    addToken(table, m[0], i, lineStart, commonWords);
    lineStart = false;
    i += m[0].length;
  }
  return table;
}
