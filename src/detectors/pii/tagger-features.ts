/**
 * Tokenizer and hashed features of the PII token tagger, shared by inference (tagger.ts) and training
 * (scripts/train-pii-tagger.ts) so both see exactly the same feature ids.
 */

export const TAGGER_PATTERNS = {
  /** Words (letters + marks), digit runs, or one other non-space character. Bounded runs keep it linear. */
  token: /[\p{L}\p{M}]{1,64}|\p{N}{1,32}|[^\s\p{L}\p{M}\p{N}]/gu,
};

/** IO tagging: a span is a run of tokens with the same entity label. Index 0 is "outside". */
export const TAGGER_CLASSES = ['O', 'PERSON', 'LOCATION', 'ADDRESS', 'ORGANIZATION', 'DATE_TIME'] as const;
export const NUM_CLASSES = TAGGER_CLASSES.length;
/** Number of hash buckets (power of two). */
export const TAGGER_BUCKETS = 1 << 17;

export interface Token {
  start: number;
  end: number;
  lower: string;
  shape: string;
  /** First token on its line. */
  lineStart: boolean;
}

/** Word shape with runs collapsed: `McDonald` -> `XxXx`, `2024-01` -> `d-d`. */
function shapeOf(word: string): string {
  let out = '';
  let last = '';
  for (const ch of word) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    const c = ch >= '0' && ch <= '9' ? 'd' : lower !== upper ? (ch === upper ? 'X' : 'x') : ch;
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = TAGGER_PATTERNS.token;
  re.lastIndex = 0;
  let prevEnd = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const word = m[0];
    const lineStart = tokens.length === 0 || text.slice(prevEnd, m.index).includes('\n');
    tokens.push({ start: m.index, end: m.index + word.length, lower: word.toLowerCase(), shape: shapeOf(word), lineStart });
    prevEnd = m.index + word.length;
  }
  return tokens;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mix(h: number, s: string): number {
  let x = h;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), FNV_PRIME);
  return Math.imul(x ^ 0x1f, FNV_PRIME);
}

/** Bucket of feature template `id` applied to up to three parts. */
function bucket(id: number, a: string, b = '', c = ''): number {
  let h = Math.imul(FNV_OFFSET ^ id, FNV_PRIME);
  h = mix(h, a);
  if (b !== '') h = mix(h, b);
  if (c !== '') h = mix(h, c);
  return (h >>> 0) & (TAGGER_BUCKETS - 1);
}

const BOS = '<s>';
const EOS = '</s>';

/**
 * Feature buckets for token i given the two previous predicted classes. Writes into `out` (reused by
 * the caller) and returns the count.
 */
export function features(tokens: readonly Token[], i: number, prev: number, prev2: number, out: Int32Array): number {
  const t = tokens[i] as Token;
  const p1 = tokens[i - 1];
  const p2 = tokens[i - 2];
  const n1 = tokens[i + 1];
  const n2 = tokens[i + 2];
  const w = t.lower;
  const p1w = p1 ? p1.lower : BOS;
  const n1w = n1 ? n1.lower : EOS;
  const pt = String(prev);
  let k = 0;
  out[k++] = bucket(1, '');
  out[k++] = bucket(2, w);
  out[k++] = bucket(3, w.slice(-3));
  out[k++] = bucket(4, w.slice(-2));
  out[k++] = bucket(5, w.slice(0, 3));
  out[k++] = bucket(6, t.shape);
  out[k++] = bucket(7, p1w);
  out[k++] = bucket(8, n1w);
  out[k++] = bucket(9, p2 ? p2.lower : BOS);
  out[k++] = bucket(10, n2 ? n2.lower : EOS);
  out[k++] = bucket(11, p1 ? p1.shape : BOS, t.shape);
  out[k++] = bucket(12, t.shape, n1 ? n1.shape : EOS);
  out[k++] = bucket(13, pt);
  out[k++] = bucket(14, pt, String(prev2));
  out[k++] = bucket(15, pt, w);
  out[k++] = bucket(16, t.lineStart ? 'L' : '-', t.shape);
  out[k++] = bucket(17, p1w, w);
  out[k++] = bucket(18, w, n1w);
  out[k++] = bucket(19, pt, t.shape);
  out[k++] = bucket(20, p1 && p1.lineStart ? 'L' : '-', p1 ? p1.shape : BOS, t.shape);
  return k;
}

/** Upper bound on features per token (size of the reusable buffer). */
export const MAX_FEATURES = 24;
