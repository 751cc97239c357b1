/**
 * Logistic regression over hashed features with plain SGD: single-threaded, fixed seed, fixed order,
 * so a retrain reproduces the same floats (and the same quantized file) bit for bit.
 */
import { HASH_SIZE } from '../../src/detectors/injection-classifier/features.js';
import { mulberry32, shuffle } from '../lib/prng.js';

export interface TrainRow {
  features: Int32Array;
  /** 1 = attack. */
  y: 0 | 1;
  weight: number;
}

/** Scales row weights so attacks and benign rows carry the same total weight; returns the same array. */
export function balanceClasses(rows: TrainRow[]): TrainRow[] {
  let pos = 0;
  let neg = 0;
  for (const r of rows) {
    if (r.y === 1) pos += r.weight;
    else neg += r.weight;
  }
  for (const r of rows) r.weight *= r.y === 1 ? (pos + neg) / (2 * pos) : (pos + neg) / (2 * neg);
  return rows;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export interface FloatModel {
  bias: number;
  weights: Float64Array;
}


export function train(rows: readonly TrainRow[], opts: TrainOptions): FloatModel {
  const w = new Float64Array(HASH_SIZE);
  let bias = 0;
  const rand = mulberry32(opts.seed);
  const order = new Uint32Array(rows.length).map((_, i) => i);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(order, rand);
    const lr = opts.learningRate / (1 + epoch);
    for (const k of order) {
      const row = rows[k] as TrainRow;
      const f = row.features;
      if (f.length === 0) continue;
      const v = 1 / Math.sqrt(f.length);
      let z = bias;
      for (let i = 0; i < f.length; i++) z += (w[f[i] as number] as number) * v;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - row.y) * row.weight;
      const step = lr * g * v;
      const decay = 1 - lr * opts.l2;
      for (let i = 0; i < f.length; i++) {
        const j = f[i] as number;
        w[j] = (w[j] as number) * decay - step;
      }
      bias -= lr * g * 0.1;
    }
  }
  return { bias, weights: w };
}

/**
 * Symmetric int8 quantization; returns the scale so that weight = q * scale. The `clipTop` largest
 * weights are clipped to +-127 so a few very strong features (sentence cues) do not crush the
 * resolution of the many small n-gram weights.
 */
export function quantize(weights: Float64Array, clipTop = 0): { q: Int8Array; scale: number } {
  const mags = Float64Array.from(weights, Math.abs).sort().reverse();
  const max = mags[Math.min(clipTop, mags.length - 1)] ?? 0;
  const scale = max === 0 ? 1 : Number((max / 127).toPrecision(8));
  const q = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round((weights[i] as number) / scale)));
  return { q, scale };
}
