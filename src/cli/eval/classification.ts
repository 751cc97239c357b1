/** Binary attack/benign evaluation of any predictor (Warden or a peer) over classification records. */
import type { ClassificationRecord } from './dataset.js';
import { binaryMetrics, latencySummary, ratio, type BinaryMetrics, type LatencySummary } from './metrics.js';
import type { Progress } from './progress.js';

/** True when the text is flagged (detected as an attack). May be async for peers with promise APIs. */
export type Predictor = (text: string) => boolean | Promise<boolean>;

export interface CategoryRate {
  n: number;
  detected: number;
  rate: number;
}

export interface ClassificationReport extends BinaryMetrics, LatencySummary {
  by_category?: Record<string, CategoryRate>;
}

function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function evaluateClassification(records: readonly ClassificationRecord[], predict: Predictor, progress?: Progress): Promise<ClassificationReport> {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  const latencies: number[] = [];
  const categories = new Map<string, { n: number; detected: number }>();
  for (const rec of records) {
    const start = process.hrtime.bigint();
    const verdict = predict(rec.text);
    const detected = typeof verdict === 'boolean' ? verdict : await verdict;
    latencies.push(elapsedMs(start));
    if (rec.label === 'attack') {
      if (detected) c.tp++;
      else c.fn++;
    } else if (detected) c.fp++;
    else c.tn++;
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
  return report;
}
