/** Human-readable eval reports (tables), shared by `warden eval` and the benchmarks. */
import type { ClassificationReport } from './classification.js';
import type { PiiReport } from './pii.js';
import { renderTable, type Cell } from './table.js';

export const CLASS_HEADERS = ['n', 'tp', 'fp', 'tn', 'fn', 'precision', 'recall', 'f1', 'fpr', 'p50 ms', 'p99 ms'];

export function classificationCells(r: ClassificationReport): Cell[] {
  return [r.n, r.tp, r.fp, r.tn, r.fn, r.precision, r.recall, r.f1, r.fpr, r.p50_ms, r.p99_ms];
}

export function renderClassification(r: ClassificationReport, title: string): string {
  let text = renderTable(CLASS_HEADERS, [classificationCells(r)], { title });
  if (r.by_category) {
    const rows = Object.entries(r.by_category).map(([cat, c]): Cell[] => [cat, c.n, c.detected, c.rate]);
    text += `\n${renderTable(['category', 'n', 'detected', 'rate'], rows, { title: 'Detection rate by category (for benign categories this is the false-positive rate)' })}`;
  }
  const rules = new Set([...Object.keys(r.tp_by_rule ?? {}), ...Object.keys(r.fp_by_rule ?? {})]);
  if (rules.size > 0) {
    const rows = [...rules].map((rule): Cell[] => [rule, r.tp_by_rule?.[rule] ?? 0, r.fp_by_rule?.[rule] ?? 0]);
    rows.sort((a, b) => (b[2] as number) - (a[2] as number) || (b[1] as number) - (a[1] as number));
    text += `\n${renderTable(['deciding rule', 'tp', 'fp'], rows, { title: 'Detections by deciding rule' })}`;
  }
  return text;
}

export function renderPii(r: PiiReport, title: string): string {
  const rows: Cell[][] = Object.entries(r.per_type).map(([type, s]) => [type, s.support, s.predicted, s.precision, s.recall, s.f1]);
  rows.push(['micro', r.micro.support, r.micro.predicted, r.micro.precision, r.micro.recall, r.micro.f1]);
  const table = renderTable(['type', 'support', 'predicted', 'precision', 'recall', 'f1'], rows, { title });
  return `${table}\n${r.n} texts, latency p50 ${r.p50_ms.toFixed(3)} ms, p99 ${r.p99_ms.toFixed(3)} ms\n`;
}
