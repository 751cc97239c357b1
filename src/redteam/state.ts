/**
 * The state file of a resumable run: a header naming what was run (a fingerprint of the cases and target),
 * then one JSON line per finished case. Reopened with the same cases, finished cases are kept and only the
 * rest (errors and skipped ones included) are sent again; with other cases it is refused, not mixed.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { AttackCase, CaseResult } from './types.js';

const FORMAT = 'warden-redteam-state/1';

export function runFingerprint(cases: readonly AttackCase[], target: { label: string; model: string }): string {
  return createHash('sha256').update(JSON.stringify({ cases, target: [target.label, target.model] })).digest('hex');
}

export interface RunState {
  /** Finished cases from earlier runs, by case id. */
  done: Map<string, CaseResult>;
  record(r: CaseResult): void;
}

function isFinal(r: CaseResult): boolean {
  return r.verdict.outcome !== 'error' && r.verdict.outcome !== 'skipped';
}

export function openRunState(file: string, fingerprint: string): RunState {
  const done = new Map<string, CaseResult>();
  if (existsSync(file)) {
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const head = JSON.parse(lines[0] ?? '{}') as { format?: string; fingerprint?: string };
    if (head.format !== FORMAT) throw new Error(`${file} is not a red-team state file (expected a first line with format "${FORMAT}")`);
    if (head.fingerprint !== fingerprint) {
      throw new Error(`${file} belongs to another run (other suite, seed, strategies or target); delete it or pass another --state file`);
    }
    for (const [i, line] of lines.slice(1).entries()) {
      try {
        const r = JSON.parse(line) as CaseResult;
        if (isFinal(r)) done.set(r.id, r);
      } catch {
        // A line cut short by a crash while writing: that case is simply run again.
        if (i !== lines.length - 2) throw new Error(`${file}:${i + 2}: invalid JSON`);
      }
    }
  } else {
    writeFileSync(file, `${JSON.stringify({ format: FORMAT, fingerprint })}\n`, { mode: 0o600 });
  }
  return {
    done,
    record: (r) => appendFileSync(file, `${JSON.stringify(r)}\n`),
  };
}
