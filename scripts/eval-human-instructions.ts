/**
 * Benign documents that carry instructions meant for people (e-mails, forms, exams, HR, support replies, READMEs):
 * how often the whole default policy blocks them at the `retrieved`, `tool_result` and `input` stages, with the
 * detector rules behind each block, per language and per kind. The fixture is evaluation only: never trained,
 * tuned or thresholded on. The last line is JSON.
 * Usage: npx tsx scripts/eval-human-instructions.ts [--examples]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Stage } from '../src/spec/types.js';
import { createWarden } from '../src/warden.js';

const FIXTURE = resolve(import.meta.dirname, '..', 'test', 'fixtures', 'human-instructions-eval.jsonl');
const STAGES: readonly Stage[] = ['retrieved', 'tool_result', 'input'];
const SHOW_EXAMPLES = process.argv.includes('--examples');
const UNTIMED = { budgetMs: Number.POSITIVE_INFINITY };

interface Row {
  id: string;
  text: string;
  lang: string;
  kind: string;
}

const rows = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Row);
const warden = createWarden();

function bump(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

const rate = (n: number, of: number): string => `${n}/${of} (${((100 * n) / of).toFixed(1)} %)`;
const sorted = (m: Map<string, number>): [string, number][] => [...m].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));

const summary: Record<string, unknown> = { rows: rows.length, languages: new Set(rows.map((r) => r.lang)).size };
for (const stage of STAGES) {
  let blocked = 0;
  const byRule = new Map<string, number>();
  const byLang = new Map<string, number>();
  const byKind = new Map<string, number>();
  const examples: string[] = [];
  for (const r of rows) {
    const v = warden.scan(r.text, stage, UNTIMED);
    if (v.action !== 'block') continue;
    blocked++;
    // The rules whose own action is block: why the verdict is a block.
    const rules = [...new Set(v.findings.filter((f) => f.action === 'block').map((f) => f.ruleId))].sort();
    for (const rule of rules) bump(byRule, rule);
    bump(byLang, r.lang);
    bump(byKind, r.kind);
    examples.push(`  ${r.id} [${rules.join(', ')}] ${r.text.slice(0, 100)}`);
  }
  console.log(`${stage}: blocked ${rate(blocked, rows.length)}`);
  console.log(`  by rule: ${sorted(byRule).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  console.log(`  by lang: ${sorted(byLang).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  console.log(`  by kind: ${sorted(byKind).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  if (SHOW_EXAMPLES) for (const e of examples) console.log(e);
  summary[stage] = { blocked, rate: Number((blocked / rows.length).toFixed(4)), byRule: Object.fromEntries(sorted(byRule)) };
}
console.log(JSON.stringify(summary));
