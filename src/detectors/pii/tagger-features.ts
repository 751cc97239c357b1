/**
 * Tokenizer and hashed features of the PII token tagger, shared by inference (tagger.ts) and training
 * (scripts/train-pii-tagger.ts) so both see exactly the same feature ids. Each token's strings are
 * hashed once; features then only mix integers, which keeps a 1 KB text well under 0.1 ms.
 */

export const TAGGER_PATTERNS = {
  /** Words (letters + marks), digit runs, or one other non-space character. Bounded runs keep it linear. */
  token: /[\p{L}\p{M}]{1,64}|\p{N}{1,32}|[^\s\p{L}\p{M}\p{N}]/gu,
};

/** IO tagging: a span is a run of tokens with the same entity label. Index 0 is "outside". */
export const TAGGER_CLASSES = ['O', 'PERSON', 'LOCATION', 'ADDRESS', 'ORGANIZATION', 'DATE_TIME'] as const;
export const NUM_CLASSES = TAGGER_CLASSES.length;
/** Number of hash buckets (power of two). */
export const TAGGER_BUCKETS = 1 << 16;

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

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

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

/**
 * Tokenizes into `table` (reset first; a fresh one when omitted). `commonWords`: lower-case words that
 * are usually not names (see common-words.ts).
 */
export function tokenize(text: string, commonWords: ReadonlySet<string>, table = new TokenTable()): TokenTable {
  table.count = 0;
  const re = TAGGER_PATTERNS.token;
  re.lastIndex = 0;
  let prevEnd = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const raw = m[0];
    const lower = raw.toLowerCase();
    const n = lower.length;
    const i = table.count;
    if (i === table.capacity) table.grow();
    let lineStart = i === 0;
    for (let c = prevEnd; c < m.index && !lineStart; c++) if (text.charCodeAt(c) === 10) lineStart = true;
    const first = raw.charCodeAt(0);
    const kind = first >= 48 && first <= 57 ? TokenKind.Number : lower !== raw.toUpperCase() || n > 1 ? TokenKind.Word : TokenKind.Symbol;
    table.start[i] = m.index;
    table.end[i] = m.index + raw.length;
    table.word[i] = hashString(lower, 0, n);
    table.suffix3[i] = hashString(lower, Math.max(0, n - 3), n);
    table.suffix2[i] = hashString(lower, Math.max(0, n - 2), n);
    table.prefix3[i] = hashString(lower, 0, Math.min(3, n));
    table.shape[i] = shapeHash(raw);
    table.flags[i] =
      (isUpperInitial(raw) ? CAPITALIZED : 0) | (commonWords.has(lower) ? COMMON : 0) | (lineStart ? LINE_START : 0) | (kind << KIND_SHIFT);
    table.count = i + 1;
    prevEnd = m.index + raw.length;
  }
  return table;
}

/** Bucket of feature template `id` over up to three hashed parts. */
function bucket(id: number, a: number, b = 0, c = 0): number {
  let h = Math.imul(FNV_OFFSET ^ id, FNV_PRIME);
  h = Math.imul(h ^ a, FNV_PRIME);
  h = Math.imul(h ^ b, FNV_PRIME);
  h = Math.imul(h ^ c, FNV_PRIME);
  h ^= h >>> 15;
  return (h >>> 0) & (TAGGER_BUCKETS - 1);
}

const BOS = 1;
const EOS = 2;

/**
 * Feature buckets for token i given the two previous predicted classes. Writes into `out` (reused by
 * the caller) and returns the count.
 */
export function features(t: TokenTable, i: number, prev: number, prev2: number, out: Int32Array): number {
  const n = t.count;
  const has1 = i >= 1;
  const hasN1 = i + 1 < n;
  const w = t.word[i] as number;
  const shape = t.shape[i] as number;
  const p1w = has1 ? (t.word[i - 1] as number) : BOS;
  const n1w = hasN1 ? (t.word[i + 1] as number) : EOS;
  const p1s = has1 ? (t.shape[i - 1] as number) : BOS;
  const common = t.common(i) ? 1 : 0;
  const capitalized = t.capitalized(i) ? 1 : 0;
  let k = 0;
  out[k++] = bucket(1, 0);
  out[k++] = bucket(2, w);
  out[k++] = bucket(3, t.suffix3[i] as number);
  out[k++] = bucket(4, t.suffix2[i] as number);
  out[k++] = bucket(5, t.prefix3[i] as number);
  out[k++] = bucket(6, shape);
  out[k++] = bucket(7, p1w);
  out[k++] = bucket(8, n1w);
  out[k++] = bucket(9, i >= 2 ? (t.word[i - 2] as number) : BOS);
  out[k++] = bucket(10, i + 2 < n ? (t.word[i + 2] as number) : EOS);
  out[k++] = bucket(11, p1s, shape);
  out[k++] = bucket(12, shape, hasN1 ? (t.shape[i + 1] as number) : EOS);
  out[k++] = bucket(13, prev);
  out[k++] = bucket(14, prev, prev2);
  out[k++] = bucket(15, prev, w);
  out[k++] = bucket(16, t.lineStart(i) ? 1 : 0, shape);
  out[k++] = bucket(17, p1w, w);
  out[k++] = bucket(18, w, n1w);
  out[k++] = bucket(19, prev, shape);
  out[k++] = bucket(20, has1 && t.lineStart(i - 1) ? 1 : 0, p1s, shape);
  out[k++] = bucket(21, common, capitalized, t.lineStart(i) ? 1 : 0);
  out[k++] = bucket(22, common, capitalized, prev);
  out[k++] = bucket(23, common, has1 && t.common(i - 1) ? 1 : 0, hasN1 && t.common(i + 1) ? 1 : 0);
  return k;
}

/**
 * A lower-case everyday word after an outside token is outside: decoding (and training, so the model
 * matches) skips scoring it, which removes most of the work on ordinary prose.
 */
export function obviouslyOutside(t: TokenTable, i: number, prev: number): boolean {
  return prev === 0 && t.common(i) && !t.capitalized(i);
}

/** Upper bound on features per token (size of the reusable buffer). */
export const MAX_FEATURES = 24;
