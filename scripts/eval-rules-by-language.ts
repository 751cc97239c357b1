/**
 * Rules-only figures of the prompt-injection detector per language: attack rows (jailbreak, direct and indirect
 * injection) caught, and benign rows flagged, split into plain benign per language, hard benign (benign_hard rows
 * of every language) and trigger-word sentences. A row counts when any finding scores 0.5 or more (documents at
 * the `retrieved` stage). Same data as scripts/eval-rule-precision.ts (training data and corpus).
 * Usage: npx tsx scripts/eval-rules-by-language.ts [--json]
 */
import { loadAllExamples } from './classifier/build.js';
import { promptInjection } from '../src/detectors/prompt-injection.js';

const ATTACK_CATEGORIES = new Set(['jailbreak', 'direct_injection', 'indirect_injection']);

function flagged(text: string, document: boolean): boolean {
  const ctx = { stage: document ? 'retrieved' : 'input', settings: { threshold: 0.5, options: {} }, request: {} };
  return promptInjection.scan(text, ctx as never).some((f) => f.score >= 0.5);
}

interface Tally {
  n: number;
  hit: number;
}

function count(table: Map<string, Tally>, key: string, hit: boolean): void {
  const t = table.get(key) ?? { n: 0, hit: 0 };
  t.n++;
  if (hit) t.hit++;
  table.set(key, t);
}

const attack = new Map<string, Tally>();
const plain = new Map<string, Tally>();
const hard = new Map<string, Tally>();
const started = performance.now();
for (const e of loadAllExamples()) {
  const lang = e.lang ?? 'en';
  const isAttack = e.label === 'attack' && ATTACK_CATEGORIES.has(e.category);
  if (e.label !== 'benign' && !isAttack) continue;
  const hit = flagged(e.text, e.document === true);
  if (isAttack) {
    count(attack, lang, hit);
    if (lang !== 'en') count(attack, 'all non-en', hit);
  } else if (e.category === 'benign_hard' || e.source.startsWith('project-written:trigger')) {
    count(hard, e.source.includes('trigger') ? 'trigger-word' : 'benign_hard', hit);
    if (lang !== 'en') count(hard, 'benign_hard non-en', hit);
  } else {
    count(plain, lang, hit);
    if (lang !== 'en') count(plain, 'all non-en', hit);
  }
}

const rate = (t: Tally): number => Math.round((10000 * t.hit) / t.n) / 10000;
const table = (m: Map<string, Tally>): Record<string, { n: number; hit: number; rate: number }> =>
  Object.fromEntries([...m].sort((a, b) => a[0].localeCompare(b[0])).map(([k, t]) => [k, { n: t.n, hit: t.hit, rate: rate(t) }]));

if (!process.argv.includes('--json')) {
  for (const [title, m] of [['attack recall', attack], ['plain benign FPR', plain], ['hard benign FPR', hard]] as const) {
    console.log(`\n${title}\nkey | rows | flagged | rate`);
    for (const [k, t] of Object.entries(table(m))) console.log(`${k} | ${t.n} | ${t.hit} | ${t.rate.toFixed(3)}`);
  }
}
console.log(JSON.stringify({ seconds: Math.round((performance.now() - started) / 1000), attack: table(attack), plain: table(plain), hard: table(hard) }));
