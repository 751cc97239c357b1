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
  /** Whether this set also uses the sentence cues (cues.ts): the indirect set does. */
  cues: boolean;
  /** Texts longer than one window: also score every sentence on its own, without cues (cue sets always do). */
  sentences?: boolean;
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

/** Sentences shorter than this (table cells, headers) get no window of their own. */
export const MIN_SENTENCE = 16;

function endsSentence(codes: Uint16Array, i: number, length: number): boolean {
  const c = codes[i] as number;
  const terminal = c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3002 || c === 0xff01 || c === 0xff1f;
  return terminal && (i + 1 >= length || codes[i + 1] === 0x20);
}

/**
 * Lines and sentences as [start, end) in normalized units, for sets that use sentence cues: an
 * instruction inserted into a document is scored on its own, not diluted by its neighbours.
 */
export function sentenceSpans(norm: Normalized): Array<[number, number]> {
  const { codes, breaks, length } = norm;
  const spans: Array<[number, number]> = [];
  let start = 0;
  const close = (end: number): void => {
    while (start < end && codes[start] === 0x20) start++;
    for (let s = start; end - s >= MIN_SENTENCE; s += WINDOW) spans.push([s, Math.min(end, s + WINDOW)]);
    start = end;
  };
  for (let i = 0; i < length; i++) {
    if (i > start && breaks[i] === 1) close(i);
    if (endsSentence(codes, i, length)) close(i + 1);
  }
  close(length);
  return spans;
}

/** Every scored span: sliding windows, plus sentences when the set uses cues. */
export function windowSpans(norm: Normalized, sentences: boolean): Array<[number, number]> {
  const spans: Array<[number, number]> = windowStarts(norm.length).map((s) => [s, Math.min(norm.length, s + WINDOW)]);
  return sentences ? spans.concat(sentenceSpans(norm)) : spans;
}

export function scoreBestWindow(norm: Normalized, set: WeightSet): WindowScore {
  const { weights } = set;
  const n = norm.length;
  if (n <= WINDOW && !set.cues) {
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
  forEachFeature(
    norm,
    (pos, index) => {
      (sums[pos + 1] as number) += weights[index] as number;
      (counts[pos + 1] as number)++;
    },
    set.cues,
  );
  for (let i = 1; i <= n; i++) {
    (sums[i] as number) += sums[i - 1] as number;
    (counts[i] as number) += counts[i - 1] as number;
  }
  let best: WindowScore = { score: -1, start: 0, end: 0 };
  for (const [s, e] of windowSpans(norm, set.cues || set.sentences === true)) {
    const score = probability(set, (sums[e] as number) - (sums[s] as number), (counts[e] as number) - (counts[s] as number));
    if (score > best.score) best = { score, start: s, end: e };
  }
  return best;
}

/** Feature indices of every span of windowSpans (same order), for training on exactly what inference scores. */
export function windowFeatures(norm: Normalized, cues: boolean): Int32Array[] {
  const byPos: number[][] = Array.from({ length: norm.length }, () => []);
  forEachFeature(norm, (pos, index) => (byPos[pos] as number[]).push(index), cues);
  return windowSpans(norm, cues).map(([s, e]) => Int32Array.from(byPos.slice(s, e).flat()));
}
