/**
 * Trains an embedding bag (src/detectors/injection-classifier/embedding-bag.ts) with plain SGD and a linearly
 * decaying learning rate, fastText's recipe: single-threaded, seeded init and shuffle, fixed order, so a
 * retrain reproduces the same floats bit for bit. Hand-rolled because no npm package trains a hashed
 * embedding bag in-process without native code; it is ~100 lines of arithmetic.
 */
import { HASH_SIZE } from '../../src/detectors/injection-classifier/features.js';
import type { EmbeddingBag } from '../../src/detectors/injection-classifier/embedding-bag.js';
import { mulberry32, shuffle } from '../lib/prng.js';
import type { TrainRow } from './logreg.js';

export interface BagOptions {
  dim: number;
  hidden: number;
  epochs: number;
  learningRate: number;
  /** Embedding rows learn this many times faster: each gets 1/count of a window's gradient. */
  embeddingBoost: number;
  seed: number;
}

export interface FloatBag {
  dim: number;
  hidden: number;
  embeddings: Float32Array;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: number;
}

export function trainBag(rows: readonly TrainRow[], opts: BagOptions): FloatBag {
  const { dim, hidden } = opts;
  const rand = mulberry32(opts.seed);
  const uniform = (length: number, r: number) => {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = (2 * rand() - 1) * r;
    return out;
  };
  const embeddings = uniform(HASH_SIZE * dim, 1 / dim);
  const w1 = uniform(hidden * dim, Math.sqrt(6 / (dim + hidden)));
  const b1 = new Float32Array(hidden).fill(0.01);
  const w2 = uniform(hidden, Math.sqrt(6 / (hidden + 1)));
  let b2 = 0;
  const mean = new Float64Array(dim);
  const h = new Float64Array(hidden);
  const dh = new Float64Array(hidden);
  const dmean = new Float64Array(dim);
  const order = new Uint32Array(rows.length).map((_, i) => i);
  const total = opts.epochs * rows.length;
  let step = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(order, rand);
    for (const k of order) {
      const lr = opts.learningRate * (1 - step++ / total);
      const row = rows[k] as TrainRow;
      const f = row.features;
      if (f.length === 0) continue;
      mean.fill(0);
      for (let i = 0; i < f.length; i++) {
        const base = (f[i] as number) * dim;
        for (let d = 0; d < dim; d++) (mean[d] as number) += embeddings[base + d] as number;
      }
      for (let d = 0; d < dim; d++) (mean[d] as number) /= f.length;
      let z = b2;
      for (let j = 0; j < hidden; j++) {
        let a = b1[j] as number;
        for (let d = 0; d < dim; d++) a += (w1[j * dim + d] as number) * (mean[d] as number);
        h[j] = a > 0 ? a : 0;
        z += (w2[j] as number) * (h[j] as number);
      }
      if (!Number.isFinite(z)) throw new Error(`embedding bag training diverged in epoch ${epoch + 1}; lower learningRate or embeddingBoost (BAG_LR, BAG_BOOST)`);
      const g = (1 / (1 + Math.exp(-z)) - row.y) * row.weight;
      dmean.fill(0);
      for (let j = 0; j < hidden; j++) {
        dh[j] = (h[j] as number) > 0 ? g * (w2[j] as number) : 0;
        w2[j] = (w2[j] as number) - lr * g * (h[j] as number);
        const dj = dh[j] as number;
        if (dj === 0) continue;
        b1[j] = (b1[j] as number) - lr * dj;
        for (let d = 0; d < dim; d++) {
          (dmean[d] as number) += dj * (w1[j * dim + d] as number);
          w1[j * dim + d] = (w1[j * dim + d] as number) - lr * dj * (mean[d] as number);
        }
      }
      b2 -= lr * g;
      const ef = (lr * opts.embeddingBoost) / f.length;
      for (let i = 0; i < f.length; i++) {
        const base = (f[i] as number) * dim;
        for (let d = 0; d < dim; d++) embeddings[base + d] = (embeddings[base + d] as number) - ef * (dmean[d] as number);
      }
    }
  }
  return { dim, hidden, embeddings, w1, b1, w2, b2 };
}

/** Symmetric int8 quantization of the embeddings; the largest 0.01 % magnitudes are clipped to keep resolution. */
export function quantizeBag(bag: FloatBag, cues: boolean): EmbeddingBag {
  const mags = Float32Array.from(bag.embeddings, Math.abs).sort();
  const max = mags[Math.floor(mags.length * 0.9999)] ?? 0;
  const scale = max === 0 ? 1 : Number((max / 127).toPrecision(8));
  const embeddings = new Int8Array(bag.embeddings.length);
  for (let i = 0; i < embeddings.length; i++) embeddings[i] = Math.max(-127, Math.min(127, Math.round((bag.embeddings[i] as number) / scale)));
  return { dim: bag.dim, hidden: bag.hidden, embeddings, scale, w1: bag.w1, b1: bag.b1, w2: bag.w2, b2: Math.fround(bag.b2), cues };
}
