/**
 * Precision and recall of the hijack grammar (rules prompt-injection/hijack-grammar, hidden-instruction,
 * hidden-cue) and of the whole prompt-injection detector, at the default threshold.
 * Benign sets: the developer data's benign rows (../shared/datasets, skipped when absent), the clean BIPIA
 * rows, test/fixtures/content-benign.jsonl and test/fixtures/hijack-benign.jsonl (project-written, hard).
 * Attack sets: test/fixtures/hijack-attacks.jsonl (project-written: a unit-test figure, not a quality figure)
 * and the developer data's direct_injection / indirect_injection rows.
 * Usage: npx tsx scripts/eval-hijack-grammar.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DetectorContext, Stage } from '../src/spec/types.js';
import { promptInjection } from '../src/detectors/prompt-injection.js';

const ROOT = resolve(import.meta.dirname, '..');
const DATASETS = process.env.WARDEN_DATASETS ?? resolve(ROOT, '..', 'shared', 'datasets');
const THRESHOLD = 0.5;
const GRAMMAR_RULES = new Set(['prompt-injection/hijack-grammar', 'prompt-injection/hidden-instruction', 'prompt-injection/hidden-cue']);

interface Row {
  text: string;
  label?: string;
  category?: string;
  lang?: string;
}

function jsonl(path: string): Row[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

function ctx(stage: Stage): DetectorContext<Record<string, never>> {
  return { stage, settings: { threshold: THRESHOLD, options: {} }, request: {} };
}

function rulesFired(text: string, stage: Stage): string[] {
  return promptInjection
    .scan(text, ctx(stage))
    .filter((f) => f.score >= THRESHOLD)
    .map((f) => f.ruleId);
}

interface Tally {
  set: string;
  n: number;
  grammar: number;
  detector: number;
  examples: string[];
}

function measure(set: string, rows: readonly Row[], stage: Stage): Tally {
  const t: Tally = { set, n: rows.length, grammar: 0, detector: 0, examples: [] };
  for (const row of rows) {
    const rules = rulesFired(row.text, stage);
    if (rules.some((r) => GRAMMAR_RULES.has(r))) {
      t.grammar++;
      if (t.examples.length < 5) t.examples.push(`${rules.filter((r) => GRAMMAR_RULES.has(r)).join(',')}: ${row.text.slice(0, 140).replace(/\s+/g, ' ')}`);
    }
    if (rules.length > 0) t.detector++;
  }
  return t;
}

const pct = (k: number, n: number) => (n === 0 ? '   n/a' : `${((100 * k) / n).toFixed(1).padStart(5)}%`);
function print(title: string, tallies: readonly Tally[], showExamples: boolean): void {
  console.log(`\n${title}`);
  console.log(`${'set'.padEnd(52)} ${'rows'.padStart(5)}  grammar rules   whole detector`);
  for (const t of tallies) {
    console.log(`${t.set.padEnd(52)} ${String(t.n).padStart(5)}  ${String(t.grammar).padStart(4)} ${pct(t.grammar, t.n)}   ${String(t.detector).padStart(4)} ${pct(t.detector, t.n)}`);
    if (showExamples) for (const e of t.examples) console.log(`    ${e}`);
  }
}

const classification = jsonl(resolve(DATASETS, 'text_classification.jsonl'));
const indirect = jsonl(resolve(DATASETS, 'indirect_injection.jsonl'));
const fixtures = resolve(ROOT, 'test', 'fixtures');
const hardBenign = jsonl(resolve(fixtures, 'hijack-benign.jsonl'));
const attacks = jsonl(resolve(fixtures, 'hijack-attacks.jsonl'));
if (classification.length === 0) console.log(`(developer datasets not found in ${DATASETS}: only the fixtures are measured)`);

print(
  'False positives (share of benign rows with a finding at or above 0.5)',
  [
    measure('dev benign (plain) [input]', classification.filter((r) => r.category === 'benign'), 'input'),
    measure('dev benign_hard (XSTest) [input]', classification.filter((r) => r.category === 'benign_hard'), 'input'),
    measure('dev BIPIA clean rows [retrieved]', indirect.filter((r) => r.label === 'benign'), 'retrieved'),
    measure('test/fixtures/content-benign.jsonl [input]', jsonl(resolve(fixtures, 'content-benign.jsonl')), 'input'),
    measure('test/fixtures/hijack-benign.jsonl (hard) [input]', hardBenign, 'input'),
  ],
  true,
);

const byLang = [...new Set(attacks.map((r) => r.lang ?? '?'))].sort();
print(
  'Recall (share of attack rows with a finding at or above 0.5)',
  [
    measure('test/fixtures/hijack-attacks.jsonl (unit test) [input]', attacks, 'input'),
    ...byLang.map((lang) => measure(`  ${lang}`, attacks.filter((r) => r.lang === lang), 'input')),
    measure('dev direct_injection [input]', classification.filter((r) => r.category === 'direct_injection'), 'input'),
    measure('dev jailbreak [input]', classification.filter((r) => r.category === 'jailbreak'), 'input'),
    measure('dev indirect_injection (BIPIA) [retrieved]', indirect.filter((r) => r.label === 'attack'), 'retrieved'),
  ],
  false,
);
const missed = attacks.filter((r) => !rulesFired(r.text, 'input').some((x) => GRAMMAR_RULES.has(x)));
if (missed.length > 0) console.log(`\nFixture attacks the grammar misses:\n${missed.map((r) => `  [${r.lang}] ${r.text}`).join('\n')}`);
