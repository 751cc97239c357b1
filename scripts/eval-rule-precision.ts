/**
 * Rules-only figures of the prompt-injection detector on the training data, per source: the benign rows it
 * flags (false positives, with the rules that fired) and the attack rows (jailbreak, direct and indirect
 * injection) it catches. The rules were tuned while looking at this data: the figures are in-sample.
 * Usage: npx tsx scripts/eval-rule-precision.ts [--examples]
 */
import { loadAllExamples } from './classifier/build.js';
import { promptInjection } from '../src/detectors/prompt-injection.js';

const ATTACK_CATEGORIES = new Set(['jailbreak', 'direct_injection', 'indirect_injection']);
const SHOW_EXAMPLES = process.argv.includes('--examples');

interface Tally {
  rows: number;
  hit: number;
  rules: Map<string, number>;
  examples: string[];
}

function flagged(text: string, document: boolean): string[] {
  const ctx = { stage: document ? 'retrieved' : 'input', settings: { threshold: 0.5, options: {} }, request: {} };
  return promptInjection
    .scan(text, ctx as never)
    .filter((f) => f.score >= 0.5)
    .map((f) => f.ruleId.replace('prompt-injection/', ''));
}

const benign = new Map<string, Tally>();
const attack = new Map<string, Tally>();
for (const e of loadAllExamples()) {
  const isAttack = e.label === 'attack' && ATTACK_CATEGORIES.has(e.category);
  if (e.label !== 'benign' && !isAttack) continue;
  const table = isAttack ? attack : benign;
  const source = e.source.split(':')[0] as string;
  const t: Tally = table.get(source) ?? { rows: 0, hit: 0, rules: new Map(), examples: [] };
  t.rows++;
  const rules = flagged(e.text, e.document === true);
  if (rules.length > 0) {
    t.hit++;
    for (const r of rules) t.rules.set(r, (t.rules.get(r) ?? 0) + 1);
    if (!isAttack && t.examples.length < 6) t.examples.push(`[${rules.join(',')}] ${JSON.stringify(e.text.slice(0, 200))}`);
  }
  table.set(source, t);
}

function print(title: string, table: Map<string, Tally>, rateName: string): void {
  let rows = 0;
  let hit = 0;
  console.log(`\n${title}\nsource | rows | flagged | ${rateName} | rules`);
  for (const [source, t] of [...table].sort((a, b) => b[1].hit / b[1].rows - a[1].hit / a[1].rows)) {
    rows += t.rows;
    hit += t.hit;
    const rules = [...t.rules].map(([r, n]) => `${r} ${n}`).join(', ');
    console.log(`${source} | ${t.rows} | ${t.hit} | ${((100 * t.hit) / t.rows).toFixed(1)} % | ${rules}`);
    if (SHOW_EXAMPLES) for (const x of t.examples) console.log(`    ${x}`);
  }
  console.log(`all | ${rows} | ${hit} | ${((100 * hit) / rows).toFixed(1)} % |`);
}

print('Benign rows flagged (false positives)', benign, 'FP rate');
print('Attack rows caught (jailbreak, direct and indirect injection)', attack, 'recall');
