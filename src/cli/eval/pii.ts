/** Span-level PII evaluation: a predicted span is correct when it overlaps a gold span of the same type. */
import type { PiiRecord } from './dataset.js';
import { latencySummary, spanScore, type LatencySummary, type SpanScore } from './metrics.js';
import type { Progress } from './progress.js';

export interface TypedSpan {
  start: number;
  end: number;
  type: string;
}

/** Predicted spans in UTF-16 offsets of text. */
export type SpanPredictor = (text: string) => TypedSpan[];

export interface PiiEvalOptions {
  /** Maps a gold or predicted type name to the canonical one (aliases such as GPE -> LOCATION). */
  canonicalType: (type: string) => string;
  /** Converts code-point offsets of text to UTF-16 offsets, in order. */
  toUtf16: (text: string, codePointOffsets: readonly number[]) => number[];
  /** When given, only these (canonical) types are scored, gold and predicted alike. */
  types?: ReadonlySet<string>;
}

export interface PiiReport extends LatencySummary {
  n: number;
  micro: SpanScore;
  per_type: Record<string, SpanScore>;
}

interface Tally {
  support: number;
  predicted: number;
  tpPredicted: number;
  tpGold: number;
}

const overlaps = (a: TypedSpan, b: TypedSpan): boolean => a.start < b.end && b.start < a.end && a.type === b.type;

export function evaluatePii(records: readonly PiiRecord[], predict: SpanPredictor, opts: PiiEvalOptions, progress?: Progress): PiiReport {
  const tallies = new Map<string, Tally>();
  const tally = (type: string): Tally => {
    let t = tallies.get(type);
    if (t === undefined) tallies.set(type, (t = { support: 0, predicted: 0, tpPredicted: 0, tpGold: 0 }));
    return t;
  };
  const keep = (s: TypedSpan) => opts.types === undefined || opts.types.has(s.type);
  const latencies: number[] = [];
  for (const rec of records) {
    const units = opts.toUtf16(rec.text, rec.spans.flatMap((s) => [s.start, s.end]));
    const gold = rec.spans
      .map((s, k) => ({ start: units[2 * k] as number, end: units[2 * k + 1] as number, type: opts.canonicalType(s.type) }))
      .filter(keep);
    const start = process.hrtime.bigint();
    const predictedRaw = predict(rec.text);
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    const predicted = predictedRaw.map((s) => ({ ...s, type: opts.canonicalType(s.type) })).filter(keep);
    for (const g of gold) {
      const t = tally(g.type);
      t.support++;
      if (predicted.some((p) => overlaps(p, g))) t.tpGold++;
    }
    for (const p of predicted) {
      const t = tally(p.type);
      t.predicted++;
      if (gold.some((g) => overlaps(p, g))) t.tpPredicted++;
    }
    progress?.tick();
  }
  progress?.stop();
  const sum: Tally = { support: 0, predicted: 0, tpPredicted: 0, tpGold: 0 };
  const perType: Record<string, SpanScore> = {};
  for (const [type, t] of [...tallies.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    perType[type] = spanScore(t.support, t.predicted, t.tpPredicted, t.tpGold);
    sum.support += t.support;
    sum.predicted += t.predicted;
    sum.tpPredicted += t.tpPredicted;
    sum.tpGold += t.tpGold;
  }
  return {
    n: records.length,
    micro: spanScore(sum.support, sum.predicted, sum.tpPredicted, sum.tpGold),
    per_type: perType,
    ...latencySummary(latencies),
  };
}
