/**
 * fastText-style embedding bag: every hashed feature of features.ts (char 3-5-grams, words, bigrams, sentence
 * cues) has a small int8 embedding; a window's text is the mean of its features' embeddings, fed through one
 * hidden ReLU layer to a sigmoid. Similar n-grams get similar vectors, so a paraphrase or a new wording of a
 * known attack moves the window's mean the same way, where a linear model needs the exact n-grams.
 * Windows are scored like windows.ts (same spans, max wins) over per-unit prefix sums of the embeddings, so
 * cost stays linear in the text: one pass of `dim` integer adds per feature, then a tiny MLP per window.
 */
import { extractFeatures, gramCount, GRAMS_PER_UNIT, type Features } from './features.js';
import type { Normalized } from './normalize.js';
import { forEachSpan, type WindowScore } from './windows.js';

export interface EmbeddingBag {
  dim: number;
  hidden: number;
  /** HASH_SIZE x dim int8 embeddings; value = q * scale. */
  embeddings: Int8Array;
  scale: number;
  /** hidden x dim, row-major. */
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  /** Output bias, including the calibration shift that puts the operating point at 0.5. */
  b2: number;
  /** Whether the set uses the sentence cues (and scores every sentence as its own span). */
  cues: boolean;
}

/** Buffers are reused across scans (scans are synchronous) up to this many units; longer texts allocate their own. */
const MAX_REUSED_UNITS = 1 << 14;

let sums: Int32Array = new Int32Array(0);
let counts: Int32Array = new Int32Array(0);
const mean = new Float32Array(64);

/** Per-unit prefix sums of the embeddings: sums[e*dim + d] - sums[s*dim + d] is span [s, e)'s sum in dimension d. */
function prefixSums(bag: EmbeddingBag, features: Features, n: number): { sums: Int32Array; counts: Int32Array } {
  const { dim, embeddings } = bag;
  let S = sums;
  let C = counts;
  if ((n + 1) * dim > S.length || n + 1 > C.length) {
    S = new Int32Array(Math.max((n + 1) * dim, 2 * S.length));
    C = new Int32Array(Math.max(n + 1, 2 * C.length));
    if (n < MAX_REUSED_UNITS) {
      sums = S;
      counts = C;
    }
  }
  S.fill(0, 0, (n + 1) * dim);
  C.fill(0, 0, n + 1);
  const { grams, pos, index, count } = features;
  for (let k = 0; k < count; k++) {
    const at = (pos[k] as number) + 1;
    const row = at * dim;
    const base = (index[k] as number) * dim;
    for (let d = 0; d < dim; d++) (S[row + d] as number) += embeddings[base + d] as number;
    (C[at] as number)++;
  }
  for (let i = 0; i < n; i++) {
    const row = (i + 1) * dim;
    const prev = i * dim;
    const c = gramCount(i, n);
    for (let g = GRAMS_PER_UNIT * i; g < GRAMS_PER_UNIT * i + c; g++) {
      const base = (grams[g] as number) * dim;
      for (let d = 0; d < dim; d++) (S[row + d] as number) += embeddings[base + d] as number;
    }
    for (let d = 0; d < dim; d++) (S[row + d] as number) += S[prev + d] as number;
    C[i + 1] = (C[i + 1] as number) + (C[i] as number) + c;
  }
  return { sums: S, counts: C };
}

/** Logit of the MLP on the mean embedding in `mean` (first `dim` entries). */
export function mlpLogit(bag: EmbeddingBag, input: Float32Array): number {
  const { dim, hidden, w1, b1, w2 } = bag;
  let z = bag.b2;
  for (let j = 0; j < hidden; j++) {
    let h = b1[j] as number;
    const row = j * dim;
    for (let d = 0; d < dim; d++) h += (w1[row + d] as number) * (input[d] as number);
    if (h > 0) z += (w2[j] as number) * h;
  }
  return z;
}

// State of the span visitor, module-level so a scan allocates no closure.
let current: EmbeddingBag | undefined;
let currentSums: Int32Array = sums;
let currentCounts: Int32Array = counts;
const best: WindowScore = { score: -1, start: 0, end: 0 };

function visitSpan(s: number, e: number): void {
  const bag = current as EmbeddingBag;
  const n = (currentCounts[e] as number) - (currentCounts[s] as number);
  if (n === 0) return;
  const { dim } = bag;
  const k = bag.scale / n;
  for (let d = 0; d < dim; d++) mean[d] = ((currentSums[e * dim + d] as number) - (currentSums[s * dim + d] as number)) * k;
  const score = 1 / (1 + Math.exp(-mlpLogit(bag, mean)));
  if (score > best.score) {
    best.score = score;
    best.start = s;
    best.end = e;
  }
}

/** Best-scoring span of `norm`; `features` must be those of `norm` with bag.cues. The result is a fresh object. */
export function scoreBestWindowBag(norm: Normalized, bag: EmbeddingBag, features: Features = extractFeatures(norm, bag.cues)): WindowScore {
  if (bag.dim > mean.length) throw new Error(`embedding bag dimension ${bag.dim} exceeds ${mean.length}`);
  const prefix = prefixSums(bag, features, norm.length);
  current = bag;
  currentSums = prefix.sums;
  currentCounts = prefix.counts;
  best.score = 0;
  best.start = 0;
  best.end = 0;
  forEachSpan(norm, bag.cues, visitSpan);
  current = undefined;
  return { score: best.score, start: best.start, end: best.end };
}
