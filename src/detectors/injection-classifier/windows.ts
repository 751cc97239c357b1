/**
 * Sliding windows over the normalized text: long inputs are scored per window and the maximum wins,
 * so an injection inside a long document is not diluted. Prefix sums keep the cost linear in length.
 */
import { extractFeatures, Features, fullGramUnits, gramCount, GRAMS_PER_UNIT } from './features.js';
import type { Normalized } from './normalize.js';

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
  /**
   * The same weights interleaved with another set's (shared-table.ts): feature f's weight is at
   * shared.weights[(f << 1) | shared.lane]. Scoring reads this when present.
   */
  shared?: SharedLane;
  /** Whether this set also uses the sentence cues (cues.ts): the indirect set does. */
  cues: boolean;
  /** Texts longer than one window: also score every sentence on its own, without cues (cue sets always do). */
  sentences?: boolean;
}

export interface SharedLane {
  weights: Int8Array;
  lane: 0 | 1;
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
  const terminal = c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x964 || c === 0x61f;
  return terminal && (i + 1 >= length || codes[i + 1] === 0x20);
}

export type SpanVisitor = (start: number, end: number) => void;

/**
 * Visits lines and sentences as [start, end) in normalized units, for sets that use sentence cues: an
 * instruction inserted into a document is scored on its own, not diluted by its neighbours.
 */
function forEachSentenceSpan(norm: Normalized, visit: SpanVisitor): void {
  const { codes, breaks, length } = norm;
  let start = 0;
  for (let i = 0; i < length; i++) {
    if (i > start && breaks[i] === 1) {
      visitSentence(codes, start, i, visit);
      start = i;
    }
    if (endsSentence(codes, i, length)) {
      visitSentence(codes, start, i + 1, visit);
      start = i + 1;
    }
  }
  visitSentence(codes, start, length, visit);
}

/** One sentence without its leading spaces, cut into windows when longer than one. */
function visitSentence(codes: Uint16Array, start: number, end: number, visit: SpanVisitor): void {
  let first = start;
  while (first < end && codes[first] === 0x20) first++;
  for (let s = first; end - s >= MIN_SENTENCE; s += WINDOW) visit(s, Math.min(end, s + WINDOW));
}

/** Visits every scored span in order: sliding windows, then sentences when the set uses them. */
export function forEachSpan(norm: Normalized, sentences: boolean, visit: SpanVisitor): void {
  const n = norm.length;
  // The windows of windowStarts, without building its array on every scan.
  if (n <= WINDOW) visit(0, n);
  else {
    for (let s = 0; s + WINDOW < n; s += STRIDE) visit(s, s + WINDOW);
    visit(n - WINDOW, n);
  }
  if (sentences) forEachSentenceSpan(norm, visit);
}

/** Every scored span of forEachSpan, as an array. */
export function windowSpans(norm: Normalized, sentences: boolean): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  forEachSpan(norm, sentences, (s, e) => spans.push([s, e]));
  return spans;
}

/** Sum of the weights of the char n-grams anchored at unit i; feature f's weight is weights[(f << shift) | lane]. */
function gramWeight(weights: Int8Array, shift: number, lane: number, grams: Int32Array, i: number, count: number): number {
  let sum = 0;
  for (let k = GRAMS_PER_UNIT * i; k < GRAMS_PER_UNIT * i + count; k++) sum += weights[((grams[k] as number) << shift) | lane] as number;
  return sum;
}

/** Per-unit prefix sums of one table's lanes over one extraction: sums[lane][e] - sums[lane][s] is span [s, e)'s sum. */
interface Prefix {
  features: Features | undefined;
  generation: number;
  weights: Int8Array | undefined;
  sums: [Int32Array, Int32Array];
  counts: Int32Array;
}

/** Buffers are reused across scans (scans are synchronous) below this many units; longer texts allocate their own. */
const MAX_REUSED_UNITS = 1 << 14;

/**
 * The last prefix sums computed. Both lanes of a shared table are summed in one pass and kept, so the second
 * detector of a scan (same Features extraction, the other lane) only maximizes over its spans.
 */
const last: Prefix = { features: undefined, generation: -1, weights: undefined, sums: [new Int32Array(4097), new Int32Array(4097)], counts: new Int32Array(4097) };

function prefixSums(weights: Int8Array, shared: boolean, features: Features, n: number): Prefix {
  if (last.features === features && last.generation === features.generation && last.weights === weights) return last;
  let prefix = last;
  if (n >= MAX_REUSED_UNITS) {
    prefix = { features: undefined, generation: -1, weights: undefined, sums: [new Int32Array(n + 1), new Int32Array(n + 1)], counts: new Int32Array(n + 1) };
  } else if (n >= last.counts.length) {
    const size = Math.min(MAX_REUSED_UNITS, Math.max(n + 1, 2 * last.counts.length));
    last.sums = [new Int32Array(size), new Int32Array(size)];
    last.counts = new Int32Array(size);
  }
  const [sumsA, sumsB] = prefix.sums;
  const counts = prefix.counts;
  sumsA.fill(0, 0, n + 1);
  if (shared) sumsB.fill(0, 0, n + 1);
  counts.fill(0, 0, n + 1);
  // Lane B (the odd slots) exists only in a shared table; the branches on `shared` are the same for every unit.
  const shift = shared ? 1 : 0;
  const { grams, pos, index, count } = features;
  // Word and cue features first, at [anchor + 1]; then one pass adds the n-grams and accumulates.
  for (let k = 0; k < count; k++) {
    const at = (pos[k] as number) + 1;
    const f = (index[k] as number) << shift;
    (sumsA[at] as number) += weights[f] as number;
    if (shared) (sumsB[at] as number) += weights[f | 1] as number;
    (counts[at] as number)++;
  }
  let sumA = 0;
  let sumB = 0;
  let total = 0;
  const full = fullGramUnits(n);
  // Units with all three n-grams (GRAMS_PER_UNIT), unrolled; then the short tail. Integer sums of int8 weights are exact.
  for (let i = 0, slot = 0; i < full; i++, slot += GRAMS_PER_UNIT) {
    const f0 = (grams[slot] as number) << shift;
    const f1 = (grams[slot + 1] as number) << shift;
    const f2 = (grams[slot + 2] as number) << shift;
    sumA += (sumsA[i + 1] as number) + (weights[f0] as number) + (weights[f1] as number) + (weights[f2] as number);
    sumsA[i + 1] = sumA;
    if (shared) {
      sumB += (sumsB[i + 1] as number) + (weights[f0 | 1] as number) + (weights[f1 | 1] as number) + (weights[f2 | 1] as number);
      sumsB[i + 1] = sumB;
    }
    total += (counts[i + 1] as number) + GRAMS_PER_UNIT;
    counts[i + 1] = total;
  }
  for (let i = full; i < n; i++) {
    const c = gramCount(i, n);
    sumA += (sumsA[i + 1] as number) + gramWeight(weights, shift, 0, grams, i, c);
    sumsA[i + 1] = sumA;
    if (shared) {
      sumB += (sumsB[i + 1] as number) + gramWeight(weights, shift, 1, grams, i, c);
      sumsB[i + 1] = sumB;
    }
    total += (counts[i + 1] as number) + c;
    counts[i + 1] = total;
  }
  prefix.features = features;
  prefix.generation = features.generation;
  prefix.weights = weights;
  return prefix;
}

/** `features` must be those of `norm` with set.cues (scan-cache.ts shares them between detectors). */
export function scoreBestWindow(norm: Normalized, set: WeightSet, features: Features = extractFeatures(norm, set.cues)): WindowScore {
  // A shared table holds two sets' weights side by side: index (f << 1) | lane.
  const weights = set.shared?.weights ?? set.weights;
  const shift = set.shared ? 1 : 0;
  const lane = set.shared?.lane ?? 0;
  const n = norm.length;
  if (n <= WINDOW && !set.cues) {
    const { grams, index, count } = features;
    const full = fullGramUnits(n);
    let sum = 0;
    let total = GRAMS_PER_UNIT * full + count;
    for (let k = 0; k < GRAMS_PER_UNIT * full; k++) sum += weights[((grams[k] as number) << shift) | lane] as number;
    for (let i = full; i < n; i++) {
      const c = gramCount(i, n);
      sum += gramWeight(weights, shift, lane, grams, i, c);
      total += c;
    }
    for (let k = 0; k < count; k++) sum += weights[((index[k] as number) << shift) | lane] as number;
    return { score: probability(set, sum, total), start: 0, end: n };
  }
  const prefix = prefixSums(weights, set.shared !== undefined, features, n);
  const sums = prefix.sums[lane];
  const counts = prefix.counts;
  const best: WindowScore = { score: -1, start: 0, end: 0 };
  forEachSpan(norm, set.cues || set.sentences === true, (s, e) => {
    const score = probability(set, (sums[e] as number) - (sums[s] as number), (counts[e] as number) - (counts[s] as number));
    if (score > best.score) {
      best.score = score;
      best.start = s;
      best.end = e;
    }
  });
  return best;
}

/** Feature indices of every span of windowSpans (same order), for training on exactly what inference scores. */
export function windowFeatures(norm: Normalized, cues: boolean): Int32Array[] {
  const n = norm.length;
  const { grams, pos, index, count } = extractFeatures(norm, cues, new Features());
  // Each unit's run: its n-grams, then its word and cue features in emission order (a stable sort by anchor).
  const first = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) first[i + 1] = gramCount(i, n);
  for (let k = 0; k < count; k++) (first[(pos[k] as number) + 1] as number)++;
  for (let i = 1; i <= n; i++) (first[i] as number) += first[i - 1] as number;
  const byPos = new Int32Array(first[n] as number);
  const next = first.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < gramCount(i, n); k++) byPos[(next[i] as number)++] = grams[GRAMS_PER_UNIT * i + k] as number;
  }
  for (let k = 0; k < count; k++) byPos[(next[pos[k] as number] as number)++] = index[k] as number;
  return windowSpans(norm, cues).map(([s, e]) => byPos.slice(first[s], first[e]));
}
