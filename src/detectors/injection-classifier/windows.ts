/**
 * Sliding windows over the normalized text: long inputs are scored per window and the maximum wins,
 * so an injection inside a long document is not diluted. Prefix sums keep the cost linear in length.
 */
import { forEachFeature, type Normalized } from './features.js';

/** Window length and stride in normalized UTF-16 units. */
export const WINDOW = 256;
export const STRIDE = 128;

/** Start offsets of the windows covering a text of `length` units (one window for short texts). */
export function windowStarts(length: number): number[] {
  if (length <= WINDOW) return [0];
  const starts: number[] = [];
  for (let s = 0; s + WINDOW < length; s += STRIDE) starts.push(s);
  starts.push(length - WINDOW);
  return starts;
}

/** Quantized weights of one stage family: logit = bias + scale * sum(weights[f]) / sqrt(count). */
export interface WeightSet {
  bias: number;
  scale: number;
  weights: Int8Array;
}

export interface WindowScore {
  /** Probability 0..1 of the best window. */
  score: number;
  /** Window bounds in normalized units. */
  start: number;
  end: number;
}

function probability(set: WeightSet, sum: number, count: number): number {
  if (count === 0) return 0;
  const logit = set.bias + (set.scale * sum) / Math.sqrt(count);
  return 1 / (1 + Math.exp(-logit));
}

export function scoreBestWindow(norm: Normalized, set: WeightSet): WindowScore {
  const { weights } = set;
  const n = norm.length;
  if (n <= WINDOW) {
    let sum = 0;
    let count = 0;
    forEachFeature(norm, (_pos, index) => {
      sum += weights[index] as number;
      count++;
    });
    return { score: probability(set, sum, count), start: 0, end: n };
  }
  // Integer prefix sums per anchor position: exact, so window sums do not depend on summation order.
  const sums = new Int32Array(n + 1);
  const counts = new Int32Array(n + 1);
  forEachFeature(norm, (pos, index) => {
    (sums[pos + 1] as number) += weights[index] as number;
    (counts[pos + 1] as number)++;
  });
  for (let i = 1; i <= n; i++) {
    (sums[i] as number) += sums[i - 1] as number;
    (counts[i] as number) += counts[i - 1] as number;
  }
  let best: WindowScore = { score: -1, start: 0, end: 0 };
  for (const s of windowStarts(n)) {
    const e = s + WINDOW;
    const score = probability(set, (sums[e] as number) - (sums[s] as number), (counts[e] as number) - (counts[s] as number));
    if (score > best.score) best = { score, start: s, end: e };
  }
  return best;
}

/** Feature indices of every window, for training on exactly what inference scores. */
export function windowFeatures(norm: Normalized): Int32Array[] {
  const starts = windowStarts(norm.length);
  const lists: number[][] = starts.map(() => []);
  forEachFeature(norm, (pos, index) => {
    // With stride WINDOW/2 a position lies in at most two consecutive windows (three at the tail).
    for (let w = Math.max(0, Math.floor((pos - WINDOW) / STRIDE)); w < starts.length; w++) {
      const s = starts[w] as number;
      if (s > pos) break;
      if (pos < s + WINDOW) (lists[w] as number[]).push(index);
    }
  });
  return lists.map((l) => Int32Array.from(l));
}
