/** Binary attack/benign evaluation of any predictor (Warden or a peer) over classification records. */
import type { ClassificationRecord } from './dataset.js';
import { binaryMetrics, latencySummary, ratio, type BinaryMetrics, type LatencySummary } from './metrics.js';
import type { Progress } from './progress.js';

/** A verdict with the rule that decided it, so reports can say which rules cause false positives. */
export interface Verdict {
  detected: boolean;
  rule?: string;
}

/** Whether the text is detected as an attack. May be async for peers with promise APIs. */
export type Predictor = (text: string) => boolean | Verdict | Promise<boolean | Verdict>;

export interface CategoryRate {
  n: number;
  detected: number;
  rate: number;
}

export interface ClassificationReport extends BinaryMetrics, LatencySummary {
  by_category?: Record<string, CategoryRate>;
  /** Deciding rule of each false positive / true positive, counted (only for predictors that name rules). */
  fp_by_rule?: Record<string, number>;
  tp_by_rule?: Record<string, number>;
}

function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function isPromise(v: unknown): v is Promise<boolean | Verdict> {
  return typeof v === 'object' && v !== null && 'then' in v;
}

function countSorted(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

export async function evaluateClassification(records: readonly ClassificationRecord[], predict: Predictor, progress?: Progress): Promise<ClassificationReport> {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  const latencies: number[] = [];
  const categories = new Map<string, { n: number; detected: number }>();
  const fpRules = new Map<string, number>();
  const tpRules = new Map<string, number>();
  for (const rec of records) {
    const start = process.hrtime.bigint();
    const raw = predict(rec.text);
    const verdict = isPromise(raw) ? await raw : raw;
    latencies.push(elapsedMs(start));
    const { detected, rule } = typeof verdict === 'boolean' ? { detected: verdict, rule: undefined } : verdict;
    const attack = rec.label === 'attack';
    if (attack && detected) c.tp++;
    else if (attack) c.fn++;
    else if (detected) c.fp++;
    else c.tn++;
    if (detected && rule !== undefined) {
      const m = attack ? tpRules : fpRules;
      m.set(rule, (m.get(rule) ?? 0) + 1);
    }
    if (rec.category !== undefined) {
      const cat = categories.get(rec.category) ?? { n: 0, detected: 0 };
      cat.n++;
      if (detected) cat.detected++;
      categories.set(rec.category, cat);
    }
    progress?.tick();
  }
  progress?.stop();
  const report: ClassificationReport = { ...binaryMetrics(c), ...latencySummary(latencies) };
  if (categories.size > 0) {
    report.by_category = Object.fromEntries(
      [...categories.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v, rate: ratio(v.detected, v.n) }]),
    );
  }
  if (fpRules.size + tpRules.size > 0) {
    report.fp_by_rule = countSorted(fpRules);
    report.tp_by_rule = countSorted(tpRules);
  }
  return report;
}
