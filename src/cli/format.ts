/** Human-readable rendering of a ScanResult for `warden scan`. */
import { createColors } from 'picocolors';
import type { Action, Finding, ScanResult } from '../spec/types.js';

// Colour only on an interactive terminal: picocolors alone also turns it on under CI=true, which would
// put escape codes into piped output and logs.
const pc = createColors(process.stdout.isTTY === true && !('NO_COLOR' in process.env));

const ACTION_COLOR: Record<Action, (s: string) => string> = {
  allow: pc.green,
  flag: pc.yellow,
  redact: pc.cyan,
  block: pc.red,
};

function paint(action: Action): string {
  return ACTION_COLOR[action](pc.bold(action.toUpperCase()));
}

function findingLines(f: Finding): string[] {
  const head = `  - ${pc.bold(f.ruleId)} [${f.detector}] score ${f.score.toFixed(2)} -> ${f.action} (${f.mode})`;
  const lines = [f.via === undefined ? head : `${head} via ${f.via}`, `      ${f.message}`];
  for (const e of f.evidence) lines.push(`      evidence: ${JSON.stringify(e)}`);
  return lines;
}

/** The ScanResult as JSON-safe data: everything but the vault, which holds original sensitive values. */
export function resultJson(result: ScanResult): Omit<ScanResult, 'vault'> {
  const { vault: _vault, ...rest } = result;
  return rest;
}

export function formatResult(result: ScanResult): string {
  const lines: string[] = [];
  const decided = result.decidingRule === undefined ? '' : ` by ${pc.bold(result.decidingRule)}`;
  lines.push(`${paint(result.action)}${decided}  ${pc.dim(`${result.latencyMs.toFixed(2)} ms`)}`);
  if (result.monitorAction !== result.action) lines.push(`monitor mode would have: ${paint(result.monitorAction)}`);
  if (result.findings.length === 0) lines.push('no findings');
  else {
    lines.push(`findings (${result.findings.length}):`);
    for (const f of result.findings) lines.push(...findingLines(f));
  }
  for (const e of result.errors) lines.push(pc.red(`detector error: ${e.detector}: ${e.message} -> ${e.action}`));
  if (result.skipped.length > 0) lines.push(pc.dim(`skipped: ${result.skipped.join(', ')}`));
  if (result.action === 'redact') lines.push('redacted text:', result.text);
  return `${lines.join('\n')}\n`;
}
