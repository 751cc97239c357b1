/**
 * `warden redteam compare`: the same cases against several targets, side by side. One column per target;
 * rows are the ASR of each category, the overall ASR, the security score, latency and token use (and cost
 * when a price is given), so a model or configuration can be chosen with security as a criterion.
 */
import { renderTable, type Cell } from '../cli/eval/table.js';
import type { RunReport } from './report/run-report.js';

export interface CompareEntry {
  report: RunReport;
  price?: { input: number; output: number };
}

export interface CompareRow {
  label: string;
  model: string;
  asr: number;
  securityScore: number;
  byCategory: Record<string, number>;
  succeeded: number;
  blocked: number;
  errors: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  promptTokens: number;
  completionTokens: number;
  costUsd?: number;
}

export function compareRows(entries: readonly CompareEntry[]): CompareRow[] {
  return entries.map(({ report, price }) => {
    const s = report.summary;
    const row: CompareRow = {
      label: report.target.label,
      model: report.target.model,
      asr: s.overall.asr,
      securityScore: s.securityScore,
      byCategory: Object.fromEntries(Object.entries(s.byCategory).map(([k, t]) => [k, t.asr])),
      succeeded: s.overall.succeeded,
      blocked: s.overall.blocked,
      errors: s.overall.errors,
      latencyP50Ms: s.latencyMs.p50,
      latencyP95Ms: s.latencyMs.p95,
      promptTokens: s.tokens.prompt,
      completionTokens: s.tokens.completion,
    };
    if (price) row.costUsd = Math.round(((s.tokens.prompt * price.input + s.tokens.completion * price.output) / 1e6) * 1e6) / 1e6;
    return row;
  });
}

const pct = (v: number | undefined): Cell => (v === undefined ? undefined : `${(v * 100).toFixed(1)}%`);

export function renderCompare(rows: readonly CompareRow[]): string {
  const categories = [...new Set(rows.flatMap((r) => Object.keys(r.byCategory)))].sort();
  const lines: Cell[][] = [
    ...categories.map((c) => [`ASR ${c}`, ...rows.map((r) => pct(r.byCategory[c]))]),
    ['ASR overall', ...rows.map((r) => pct(r.asr))],
    ['succeeded / blocked / errors', ...rows.map((r) => `${r.succeeded} / ${r.blocked} / ${r.errors}`)],
    ['security score (0-100)', ...rows.map((r) => r.securityScore.toFixed(1))],
    ['latency p50 / p95 ms', ...rows.map((r) => `${r.latencyP50Ms} / ${r.latencyP95Ms}`)],
    ['tokens in / out', ...rows.map((r) => `${r.promptTokens} / ${r.completionTokens}`)],
    ['cost USD', ...rows.map((r) => (r.costUsd === undefined ? '-' : r.costUsd.toFixed(4)))],
  ];
  return renderTable(['', ...rows.map((r) => `${r.label} (${r.model})`)], lines);
}
