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

export interface Token {
  start: number;
  end: number;
  /** Hashes of the lower-cased word, its 3- and 2-char suffixes, 3-char prefix, and collapsed shape. */
  word: number;
  suffix3: number;
  suffix2: number;
  prefix3: number;
  shape: number;
  /** Starts with an upper-case letter. */
  capitalized: boolean;
  /** The lower-cased word is a common English word (usually written in lower case). */
  common: boolean;
  kind: TokenKind;
  /** First token on its line. */
  lineStart: boolean;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashString(s: string, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
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
  return h >>> 0;
}

function isUpperInitial(word: string): boolean {
  const ch = word[0] as string;
  return ch !== ch.toLowerCase();
}

/** `commonWords`: lower-case words that are usually not names (see common-words.ts). */
export function tokenize(text: string, commonWords: ReadonlySet<string>): Token[] {
  const tokens: Token[] = [];
  const re = TAGGER_PATTERNS.token;
  re.lastIndex = 0;
  let prevEnd = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const raw = m[0];
    const lower = raw.toLowerCase();
    const n = lower.length;
    let lineStart = tokens.length === 0;
    for (let i = prevEnd; i < m.index && !lineStart; i++) if (text.charCodeAt(i) === 10) lineStart = true;
    const first = raw.charCodeAt(0);
    tokens.push({
      start: m.index,
      end: m.index + raw.length,
      word: hashString(lower, 0, n),
      suffix3: hashString(lower, Math.max(0, n - 3), n),
      suffix2: hashString(lower, Math.max(0, n - 2), n),
      prefix3: hashString(lower, 0, Math.min(3, n)),
      shape: shapeHash(raw),
      capitalized: isUpperInitial(raw),
      common: commonWords.has(lower),
      kind: first >= 48 && first <= 57 ? TokenKind.Number : lower !== raw.toUpperCase() || n > 1 ? TokenKind.Word : TokenKind.Symbol,
      lineStart,
    });
    prevEnd = m.index + raw.length;
  }
  return tokens;
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
export function features(tokens: readonly Token[], i: number, prev: number, prev2: number, out: Int32Array): number {
  const t = tokens[i] as Token;
  // Bounds-checked: reading tokens[-1] would send V8 down a slow property-lookup path.
  const n = tokens.length;
  const p1 = i >= 1 ? tokens[i - 1] : undefined;
  const p2 = i >= 2 ? tokens[i - 2] : undefined;
  const n1 = i + 1 < n ? tokens[i + 1] : undefined;
  const n2 = i + 2 < n ? tokens[i + 2] : undefined;
  const p1w = p1 ? p1.word : BOS;
  const n1w = n1 ? n1.word : EOS;
  const p1s = p1 ? p1.shape : BOS;
  let k = 0;
  out[k++] = bucket(1, 0);
  out[k++] = bucket(2, t.word);
  out[k++] = bucket(3, t.suffix3);
  out[k++] = bucket(4, t.suffix2);
  out[k++] = bucket(5, t.prefix3);
  out[k++] = bucket(6, t.shape);
  out[k++] = bucket(7, p1w);
  out[k++] = bucket(8, n1w);
  out[k++] = bucket(9, p2 ? p2.word : BOS);
  out[k++] = bucket(10, n2 ? n2.word : EOS);
  out[k++] = bucket(11, p1s, t.shape);
  out[k++] = bucket(12, t.shape, n1 ? n1.shape : EOS);
  out[k++] = bucket(13, prev);
  out[k++] = bucket(14, prev, prev2);
  out[k++] = bucket(15, prev, t.word);
  out[k++] = bucket(16, t.lineStart ? 1 : 0, t.shape);
  out[k++] = bucket(17, p1w, t.word);
  out[k++] = bucket(18, t.word, n1w);
  out[k++] = bucket(19, prev, t.shape);
  out[k++] = bucket(20, p1 && p1.lineStart ? 1 : 0, p1s, t.shape);
  out[k++] = bucket(21, t.common ? 1 : 0, t.capitalized ? 1 : 0, t.lineStart ? 1 : 0);
  out[k++] = bucket(22, t.common ? 1 : 0, t.capitalized ? 1 : 0, prev);
  out[k++] = bucket(23, t.common ? 1 : 0, p1 && p1.common ? 1 : 0, n1 && n1.common ? 1 : 0);
  return k;
}

/**
 * A lower-case everyday word after an outside token is outside: decoding (and training, so the model
 * matches) skips scoring it, which removes most of the work on ordinary prose.
 */
export function obviouslyOutside(t: Token, prev: number): boolean {
  return prev === 0 && t.common && !t.capitalized;
}

/** Upper bound on features per token (size of the reusable buffer). */
export const MAX_FEATURES = 24;
