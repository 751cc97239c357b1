/**
 * Hashed features of the PII token tagger over a TokenTable (tagger-tokens.ts), shared by inference
 * (tagger.ts) and training (scripts/train-pii-tagger.ts) so both see exactly the same feature ids.
 * Features only mix integers, which keeps a 1 KB text well under 0.1 ms.
 */
import { FNV_OFFSET, FNV_PRIME, type TokenTable } from './tagger-tokens.js';

/** IO tagging: a span is a run of tokens with the same entity label. Index 0 is "outside". */
export const TAGGER_CLASSES = ['O', 'PERSON', 'LOCATION', 'ADDRESS', 'ORGANIZATION', 'DATE_TIME'] as const;
export const NUM_CLASSES = TAGGER_CLASSES.length;
/** Number of hash buckets (power of two). */
export const TAGGER_BUCKETS = 1 << 16;

/** Number of feature templates; template ids run from 1. */
const TEMPLATES = 23;
/** Per template id, the hash state after mixing in the id (the first step of every bucket). */
const TEMPLATE_SEEDS = Int32Array.from({ length: TEMPLATES + 1 }, (_, id) => Math.imul(FNV_OFFSET ^ id, FNV_PRIME));

/**
 * Bucket of the feature template with hash state `seed` (TEMPLATE_SEEDS) over three hashed parts, 0 when
 * unused. Mixing in a 0 part is a plain multiplication by the prime, so bucket1 and bucket2 fold those
 * steps into one multiplication by a power of it (products mod 2^32 associate): same buckets, fewer steps.
 */
function bucket(seed: number, a: number, b: number, c: number): number {
  return finish(Math.imul(Math.imul(Math.imul(seed ^ a, FNV_PRIME) ^ b, FNV_PRIME) ^ c, FNV_PRIME));
}

const FNV_PRIME_2 = Math.imul(FNV_PRIME, FNV_PRIME);
const FNV_PRIME_3 = Math.imul(FNV_PRIME_2, FNV_PRIME);

function bucket2(seed: number, a: number, b: number): number {
  return finish(Math.imul(Math.imul(seed ^ a, FNV_PRIME) ^ b, FNV_PRIME_2));
}

function bucket1(seed: number, a: number): number {
  return finish(Math.imul(seed ^ a, FNV_PRIME_3));
}

function finish(h: number): number {
  return ((h ^ (h >>> 15)) >>> 0) & (TAGGER_BUCKETS - 1);
}

/** Template 1 has no inputs: the same bucket for every token (a bias). */
const BIAS_BUCKET = bucket1(TEMPLATE_SEEDS[1] as number, 0);

const BOS = 1;
const EOS = 2;

/**
 * Feature buckets for token i given the two previous predicted classes. Writes into `out` (reused by
 * the caller) and returns the count.
 */
export function features(t: TokenTable, i: number, prev: number, prev2: number, out: Int32Array): number {
  const seed = TEMPLATE_SEEDS;
  const n = t.count;
  const has1 = i >= 1;
  const hasN1 = i + 1 < n;
  const words = t.word;
  const shapes = t.shape;
  const w = words[i] as number;
  const shape = shapes[i] as number;
  const p1w = has1 ? (words[i - 1] as number) : BOS;
  const n1w = hasN1 ? (words[i + 1] as number) : EOS;
  const p1s = has1 ? (shapes[i - 1] as number) : BOS;
  const common = t.common(i) ? 1 : 0;
  const capitalized = t.capitalized(i) ? 1 : 0;
  const lineStart = t.lineStart(i) ? 1 : 0;
  out[0] = BIAS_BUCKET;
  out[1] = bucket1(seed[2] as number, w);
  out[2] = bucket1(seed[3] as number, t.suffix3[i] as number);
  out[3] = bucket1(seed[4] as number, t.suffix2[i] as number);
  out[4] = bucket1(seed[5] as number, t.prefix3[i] as number);
  out[5] = bucket1(seed[6] as number, shape);
  out[6] = bucket1(seed[7] as number, p1w);
  out[7] = bucket1(seed[8] as number, n1w);
  out[8] = bucket1(seed[9] as number, i >= 2 ? (words[i - 2] as number) : BOS);
  out[9] = bucket1(seed[10] as number, i + 2 < n ? (words[i + 2] as number) : EOS);
  out[10] = bucket2(seed[11] as number, p1s, shape);
  out[11] = bucket2(seed[12] as number, shape, hasN1 ? (shapes[i + 1] as number) : EOS);
  out[12] = bucket1(seed[13] as number, prev);
  out[13] = bucket2(seed[14] as number, prev, prev2);
  out[14] = bucket2(seed[15] as number, prev, w);
  out[15] = bucket2(seed[16] as number, lineStart, shape);
  out[16] = bucket2(seed[17] as number, p1w, w);
  out[17] = bucket2(seed[18] as number, w, n1w);
  out[18] = bucket2(seed[19] as number, prev, shape);
  out[19] = bucket(seed[20] as number, has1 && t.lineStart(i - 1) ? 1 : 0, p1s, shape);
  out[20] = bucket(seed[21] as number, common, capitalized, lineStart);
  out[21] = bucket(seed[22] as number, common, capitalized, prev);
  out[22] = bucket(seed[23] as number, common, has1 && t.common(i - 1) ? 1 : 0, hasN1 && t.common(i + 1) ? 1 : 0);
  return TEMPLATES;
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
