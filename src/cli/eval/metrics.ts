/** Detection metrics shared by `warden eval` and the benchmarks. Zero denominators give 0, as sklearn's zero_division=0. */

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface BinaryMetrics extends Confusion {
  n: number;
  precision: number;
  recall: number;
  f1: number;
  fpr: number;
}

export interface LatencySummary {
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
}

export interface SpanScore {
  precision: number;
  recall: number;
  f1: number;
  /** Gold spans of this type. */
  support: number;
  /** Predicted spans of this type. */
  predicted: number;
  /** Predicted spans overlapping a gold span of the same type. */
  tp_predicted: number;
  /** Gold spans overlapped by at least one predicted span of the same type. */
  tp_gold: number;
}

export function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

export function f1Score(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export function binaryMetrics(c: Confusion): BinaryMetrics {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return {
    n: c.tp + c.fp + c.tn + c.fn,
    ...c,
    precision,
    recall,
    f1: f1Score(precision, recall),
    fpr: ratio(c.fp, c.fp + c.tn),
  };
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; 0 for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function latencySummary(samples: readonly number[]): LatencySummary {
  const sum = samples.reduce((a, b) => a + b, 0);
  return { p50_ms: percentile(samples, 50), p99_ms: percentile(samples, 99), mean_ms: ratio(sum, samples.length) };
}

export function spanScore(support: number, predicted: number, tpPredicted: number, tpGold: number): SpanScore {
  const precision = ratio(tpPredicted, predicted);
  const recall = ratio(tpGold, support);
  return { precision, recall, f1: f1Score(precision, recall), support, predicted, tp_predicted: tpPredicted, tp_gold: tpGold };
}

/** Rounds every number in a flat or nested plain object, for stable JSON output. */
export function rounded<T>(value: T, digits = 4): T {
  if (typeof value === 'number') return (Number.isInteger(value) ? value : Number(value.toFixed(digits))) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => rounded(v, digits)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v, digits)])) as T;
  }
  return value;
}
