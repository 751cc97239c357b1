/**
 * What the rules add where the classifier misses: per held-out source group, the shipped recipe trained without the
 * group (the LOSO fold, thresholds on the validation split of the other groups) beside the prompt-injection rules at
 * the row's stage (`input`, documents `retrieved`), per half and per language. Every attack row falls in a `read` or
 * a `held` half by FNV-1a of its split key (a document's inserted payload, as in eval-rules-documents.ts; otherwise
 * the first 60 letters of the text, so one jailbreak family's variants stay in one half): misses are printed from the
 * read half only; the held half is the figure to quote. `--benign` adds every benign row of every source at `input`
 * and at `retrieved`, rules only. Classifier verdicts are cached in the OS temp directory per group and data.
 * Usage: npx tsx scripts/eval-rules-misses.ts [--groups=NVIDIA/garak,microsoft/BIPIA] [--examples=N] [--benign] [--json]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promptInjection } from '../src/detectors/prompt-injection.js';
import { loadAllExamples } from './classifier/build.js';
import { fnv1a, type Example, type SetName } from './classifier/data.js';
import { kindOf, setOf, sourceGroup } from './classifier/loso.js';
import { SHIPPED_RECIPE } from './classifier/loso-report.js';
import { trainFold } from './eval-rules-fold.js';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const GROUPS = (arg('groups') ?? 'NVIDIA/garak,microsoft/BIPIA').split(',');
const EXAMPLES = Number(arg('examples') ?? 0);
const JSON_ONLY = process.argv.includes('--json');
const log = (line: string): void => {
  if (!JSON_ONLY) console.log(line);
};

function splitKey(e: Example): string {
  if (e.inserted !== undefined) return e.text.slice(e.inserted[0], e.inserted[1]).trim().toLowerCase();
  return e.text.toLowerCase().replace(/[^\p{L}]+/gu, '').slice(0, 60);
}
/** Odd hash = held half, never read. */
const isHeld = (e: Example): boolean => (fnv1a(splitKey(e)) & 1) === 1;

const stageOf = (set: SetName): 'input' | 'retrieved' => (set === 'direct' ? 'input' : 'retrieved');
function ruleHits(text: string, stage: 'input' | 'retrieved'): string[] {
  const ctx = { stage, settings: { threshold: 0.5, options: {} }, request: {} };
  return promptInjection
    .scan(text, ctx)
    .filter((f) => f.score >= 0.5)
    .map((f) => f.ruleId.slice('prompt-injection/'.length));
}

const all = loadAllExamples();
const dataKey = fnv1a(all.map((e) => `${e.id}:${e.text.length}`).join('|')).toString(16);

/** The held-out group's rows caught by the fold's classifier (ids), computed once per group and data. */
function classifierCatches(group: string): Set<string> {
  const dir = join(tmpdir(), 'warden-eval-rules-misses');
  const file = join(dir, `${group.replace(/[^a-z0-9]+/gi, '_')}-${SHIPPED_RECIPE.name}-${dataKey}.json`);
  if (existsSync(file)) return new Set(JSON.parse(readFileSync(file, 'utf8')) as string[]);
  const { caught: flags } = trainFold(all, group);
  const caught = all.filter((e) => sourceGroup(e.source) === group && kindOf(e) !== undefined && flags(e)).map((e) => e.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(caught));
  return new Set(caught);
}

interface Tally {
  n: number;
  classifier: number;
  rules: number;
  either: number;
}
const tally = (): Tally => ({ n: 0, classifier: 0, rules: 0, either: 0 });
const pct = (a: number, n: number): string => (n === 0 ? '-' : (a / n).toFixed(3));
const line = (k: string, t: Tally): string => `${k.padEnd(34)} ${String(t.n).padStart(5)} ${pct(t.classifier, t.n).padStart(7)} ${pct(t.rules, t.n).padStart(7)} ${pct(t.either, t.n).padStart(7)}`;

const out: Record<string, unknown> = {};
for (const group of GROUPS) {
  const caught = classifierCatches(group);
  const rows = all.filter((e) => sourceGroup(e.source) === group && kindOf(e) !== undefined);
  const table = new Map<string, Tally>();
  const onMisses = new Map<string, number>();
  const missed: string[] = [];
  for (const e of rows) {
    const kind = kindOf(e) as string;
    const half = kind === 'attack' ? (isHeld(e) ? 'held' : 'read') : 'benign';
    const c = caught.has(e.id);
    const hits = ruleHits(e.text, stageOf(setOf(e)));
    const keys = [`${half} ${kind} ${setOf(e) === 'direct' ? 'input' : 'retrieved'}`];
    if (kind === 'attack') keys.push(`${half} attack lang ${e.lang ?? 'en'}`);
    for (const k of keys) {
      const t = table.get(k) ?? tally();
      t.n++;
      t.classifier += c ? 1 : 0;
      t.rules += hits.length > 0 ? 1 : 0;
      t.either += c || hits.length > 0 ? 1 : 0;
      table.set(k, t);
    }
    if (kind === 'attack' && !c) for (const h of hits) onMisses.set(`${half} ${h}`, (onMisses.get(`${half} ${h}`) ?? 0) + 1);
    if (half === 'read' && !c && hits.length === 0) missed.push(e.inserted !== undefined ? e.text.slice(e.inserted[0], e.inserted[1]) : e.text);
  }
  const sorted = [...table].sort((a, b) => a[0].localeCompare(b[0]));
  log(`\n${group}: classifier = ${SHIPPED_RECIPE.name} trained without it; rows, classifier, rules, either`);
  for (const [k, t] of sorted) log(line(k, t));
  log(`rules on the classifier's misses: ${[...onMisses].sort().map(([k, n]) => `${k} ${n}`).join(', ')}`);
  for (const t of missed.slice(0, EXAMPLES)) log(`    missed (read): ${JSON.stringify(t.slice(0, 600))}`);
  out[group] = Object.fromEntries(sorted);
}

if (process.argv.includes('--benign')) {
  const benign = new Map<string, Record<string, number>>();
  const fired: string[] = [];
  for (const e of all) {
    const kind = kindOf(e);
    if (kind !== 'plain' && kind !== 'hard') continue;
    const key = `${kind} ${sourceGroup(e.source)}`;
    const t = benign.get(key) ?? { n: 0, input: 0, retrieved: 0 };
    t.n = (t.n ?? 0) + 1;
    for (const stage of ['input', 'retrieved'] as const) {
      const hits = ruleHits(e.text, stage);
      if (hits.length === 0) continue;
      t[stage] = (t[stage] ?? 0) + 1;
      for (const h of hits) t[`${stage} ${h}`] = (t[`${stage} ${h}`] ?? 0) + 1;
      if (fired.length < EXAMPLES) fired.push(`${key} @${stage} [${hits.join(',')}] ${JSON.stringify(e.text.slice(0, 300))}`);
    }
    benign.set(key, t);
  }
  const sorted = [...benign].sort((a, b) => a[0].localeCompare(b[0]));
  const sum = (kind: string, stage: string): string => {
    const of = sorted.filter(([k]) => k.startsWith(kind));
    return `${of.reduce((a, [, t]) => a + (t[stage] ?? 0), 0)}/${of.reduce((a, [, t]) => a + (t.n ?? 0), 0)}`;
  };
  log('\nbenign rows the rules fire on: source, rows, input, retrieved (by rule)');
  for (const [k, t] of sorted) {
    if ((t.input ?? 0) + (t.retrieved ?? 0) === 0) continue;
    const rules = Object.entries(t).filter(([r]) => r.includes(' ')).map(([r, n]) => `${r} ${n}`).join(', ');
    log(`${k.padEnd(70)} ${String(t.n).padStart(5)} ${String(t.input ?? 0).padStart(4)} ${String(t.retrieved ?? 0).padStart(4)}  ${rules}`);
  }
  log(`plain: input ${sum('plain', 'input')}, retrieved ${sum('plain', 'retrieved')}; hard: input ${sum('hard', 'input')}, retrieved ${sum('hard', 'retrieved')}`);
  for (const f of fired) log(`    fired: ${f}`);
  out['benign'] = Object.fromEntries(sorted);
}
console.log(JSON.stringify(out));
