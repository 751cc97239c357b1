/** The JSON report of a run: what was run against what, the summary, and every case with its transcript. */
import type { RunSummary } from '../summary.js';
import type { CaseResult } from '../types.js';

export interface RunReport {
  format: 'warden-redteam-report/1';
  target: { label: string; model: string };
  seed: number;
  strategies: string[];
  startedAt: string;
  finishedAt: string;
  requests: number;
  summary: RunSummary;
  results: CaseResult[];
}

/** Successful attacks first, most severe first: the transcripts a reader should look at. */
const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

export function worstResults(results: readonly CaseResult[], n: number): CaseResult[] {
  return results
    .filter((r) => r.verdict.outcome === 'succeeded')
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.id.localeCompare(b.id))
    .slice(0, n);
}
