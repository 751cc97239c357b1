/**
 * Jailbreak rules against unseen attack styles: the JailbreakBench/artifacts fold broken down by attack method (PAIR,
 * GCG, DSN, JBC, prompt_with_random_search), with what the classifier trained without JailbreakBench (the LOSO fold,
 * shipped recipe) catches, what the prompt-injection rules catch, and both; then the rules' recall on the other
 * jailbreak sources and their firing rate on every benign source (any rule at 0.5 or more, input stage).
 * Usage: npx tsx scripts/eval-rules-jailbreaks.ts [--no-classifier] [--examples=N] [--rule=prompt-injection/...]
 */
import { promptInjection } from '../src/detectors/prompt-injection.js';
import { loadAllExamples } from './classifier/build.js';
import type { Example } from './classifier/data.js';
import { kindOf, sourceGroup } from './classifier/loso.js';
import { SHIPPED_RECIPE } from './classifier/loso-report.js';
import { trainFold } from './eval-rules-fold.js';

const JBB = 'JailbreakBench/artifacts';
const OTHER_ATTACKS = ['NVIDIA/garak', 'tml-epfl/llm-adaptive-attacks', 'project-written', 'sherdencooper/GPTFuzz', 'cyberark/FuzzyAI', 'mik0w/pallms', 'warden/synthetic-obfuscated'];
const WITH_CLASSIFIER = !process.argv.includes('--no-classifier');
const EXAMPLES = Number(process.argv.find((a) => a.startsWith('--examples='))?.slice('--examples='.length) ?? 0);
/** Count only this rule (e.g. a new one) instead of any rule. */
const ONLY_RULE = process.argv.find((a) => a.startsWith('--rule='))?.slice('--rule='.length);

const CTX = { stage: 'input' as const, settings: { threshold: 0.5, options: {} }, request: {} };
function ruleHits(text: string): string[] {
  return promptInjection
    .scan(text, CTX)
    .filter((f) => f.score >= 0.5 && (ONLY_RULE === undefined || f.ruleId === ONLY_RULE))
    .map((f) => f.ruleId.slice('prompt-injection/'.length));
}

/** `attack-artifacts/GCG/transfer/gpt-3.5-turbo-1106.json` -> GCG. */
const methodOf = (e: Example): string => e.source.split('/')[2] ?? '?';
const pct = (a: number, n: number): string => (n === 0 ? '-' : `${((100 * a) / n).toFixed(1)} %`);

const all = loadAllExamples();
const jbb = all.filter((e) => sourceGroup(e.source) === JBB && kindOf(e) === 'attack');

let caughtByModel: (e: Example) => boolean = () => false;
if (WITH_CLASSIFIER) {
  const fold = trainFold(all, JBB);
  caughtByModel = fold.caught;
  console.log(`classifier: ${SHIPPED_RECIPE.name} trained without ${JBB}, direct threshold ${fold.thresholds.direct.toFixed(4)}`);
}

console.log(`\n${JBB} by method${ONLY_RULE !== undefined ? ` (rule ${ONLY_RULE})` : ''}: n, classifier, rules, either; rules' families on the classifier's misses`);
const methods = [...new Set(jbb.map(methodOf))].sort();
let totals = [0, 0, 0, 0];
for (const method of methods) {
  const rows = jbb.filter((e) => methodOf(e) === method);
  let model = 0;
  let rules = 0;
  let either = 0;
  const onMisses = new Map<string, number>();
  const missed: string[] = [];
  for (const e of rows) {
    const m = caughtByModel(e);
    const hits = ruleHits(e.text);
    model += m ? 1 : 0;
    rules += hits.length > 0 ? 1 : 0;
    either += m || hits.length > 0 ? 1 : 0;
    if (!m) for (const h of hits) onMisses.set(h, (onMisses.get(h) ?? 0) + 1);
    if (!m && hits.length === 0) missed.push(e.text);
  }
  totals = [totals[0]! + rows.length, totals[1]! + model, totals[2]! + rules, totals[3]! + either];
  const fams = [...onMisses].map(([f, n]) => `${f} ${n}`).join(', ');
  console.log(`${method.padEnd(28)} ${String(rows.length).padStart(5)} ${pct(model, rows.length).padStart(8)} ${pct(rules, rows.length).padStart(8)} ${pct(either, rows.length).padStart(8)}  ${fams}`);
  for (const t of missed.slice(0, EXAMPLES)) console.log(`    missed: ${JSON.stringify(t.slice(0, 300))}`);
}
const [n, model, rules, either] = totals as [number, number, number, number];
console.log(`${'all'.padEnd(28)} ${String(n).padStart(5)} ${pct(model, n).padStart(8)} ${pct(rules, n).padStart(8)} ${pct(either, n).padStart(8)}`);

console.log('\nRules on other attack sources (attack rows, input stage): n, rules');
for (const group of OTHER_ATTACKS) {
  const rows = all.filter((e) => sourceGroup(e.source) === group && kindOf(e) === 'attack' && e.document !== true && e.category !== 'indirect_injection');
  if (rows.length === 0) continue;
  const hit = rows.filter((e) => ruleHits(e.text).length > 0).length;
  console.log(`${group.padEnd(40)} ${String(rows.length).padStart(6)} ${pct(hit, rows.length).padStart(8)}`);
}

console.log('\nRules on benign sources (input stage): n, fired, hard/plain');
const benign = new Map<string, Example[]>();
for (const e of all) {
  const kind = kindOf(e);
  if (kind === 'plain' || kind === 'hard') benign.set(sourceGroup(e.source), [...(benign.get(sourceGroup(e.source)) ?? []), e]);
}
let fired = 0;
let total = 0;
for (const [group, rows] of [...benign].sort((a, b) => b[1].length - a[1].length)) {
  const hits = rows.filter((e) => ruleHits(e.text).length > 0);
  fired += hits.length;
  total += rows.length;
  if (hits.length > 0 || ONLY_RULE === undefined) console.log(`${group.padEnd(50)} ${String(rows.length).padStart(6)} ${String(hits.length).padStart(5)} ${pct(hits.length, rows.length).padStart(8)}`);
  for (const e of hits.slice(0, EXAMPLES)) console.log(`    fired (${ruleHits(e.text).join(',')}): ${JSON.stringify(e.text.slice(0, 200))}`);
}
console.log(`${'all benign'.padEnd(50)} ${String(total).padStart(6)} ${String(fired).padStart(5)} ${pct(fired, total).padStart(8)}`);
