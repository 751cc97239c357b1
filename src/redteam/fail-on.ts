/**
 * CI gates: `--fail-on "asr>0.05"`. A comma-separated list of conditions, any of which fails the run:
 * `asr` (overall), `asr:CATEGORY` or `asr:STRATEGY`, `succeeded`, `errors`, `score` (security score),
 * compared with >, >=, <, <= to a number.
 */
import type { RunSummary, Tally } from './summary.js';

export interface Gate {
  text: string;
  metric: string;
  group?: string;
  op: '>' | '>=' | '<' | '<=';
  limit: number;
}

const GATE = /^(asr|succeeded|errors|score)(?::([a-z0-9-]{1,64}))?\s*(>=|<=|>|<)\s*(\d{1,9}(?:\.\d{1,9})?)$/;

export function parseGates(spec: string): Gate[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((text) => {
      const m = GATE.exec(text);
      if (!m) throw new Error(`--fail-on: cannot read "${text}"; expected e.g. "asr>0.05", "asr:jailbreak>0", "succeeded>0", "errors>0" or "score<90"`);
      if (m[2] !== undefined && m[1] !== 'asr') throw new Error(`--fail-on: only asr takes a :category or :strategy, got "${text}"`);
      const gate: Gate = { text, metric: m[1] as string, op: m[3] as Gate['op'], limit: Number(m[4]) };
      if (m[2] !== undefined) gate.group = m[2];
      return gate;
    });
}

function valueOf(g: Gate, s: RunSummary): number | undefined {
  if (g.metric === 'score') return s.securityScore;
  if (g.metric === 'succeeded') return s.overall.succeeded;
  if (g.metric === 'errors') return s.overall.errors;
  if (g.group === undefined) return s.overall.asr;
  const t: Tally | undefined = s.byCategory[g.group] ?? s.byStrategy[g.group];
  return t?.asr;
}

/** The gates the summary violates, each with the value seen. A group the run did not include is reported. */
export function failedGates(gates: readonly Gate[], s: RunSummary): string[] {
  const failed: string[] = [];
  for (const g of gates) {
    const v = valueOf(g, s);
    if (v === undefined) {
      failed.push(`${g.text}: no category or strategy "${g.group ?? ''}" in this run`);
      continue;
    }
    const hit = g.op === '>' ? v > g.limit : g.op === '>=' ? v >= g.limit : g.op === '<' ? v < g.limit : v <= g.limit;
    if (hit) failed.push(`${g.text} (was ${v})`);
  }
  return failed;
}
