/**
 * Rules on documents: what the default policy does at the `retrieved` and `tool_result` stages with injections hidden
 * in data (recall) and with benign documents that carry instructions meant for people (block rate), per source
 * group, per document format and per language. "rules" counts findings of the prompt-injection detector whose policy
 * action is block (hidden-cue only flags); "policy" counts any block verdict of the whole default policy.
 * Every row falls in one of two halves by a hash of its payload (the inserted attack text, so a payload template never
 * straddles the halves; a benign row's group): rule changes may be read from the `tune` half only, the `held` half is
 * the figure to quote. Usage: npx tsx scripts/eval-rules-documents.ts [--examples] [--json] [--stage=retrieved]
 */
import type { Stage } from '../src/spec/types.js';
import { createWarden } from '../src/warden.js';
import { loadCorpus } from './classifier/corpus.js';
import { datasetsAvailable, loadSharedIndirect, type Example } from './classifier/data.js';
import { REAL_DOCUMENT_SOURCES } from './classifier/document-sources.js';
import { DOCUMENT_ATTACK_SOURCES as ATTACK_SOURCES, isRulesHeldHalf as held } from './classifier/rules-split.js';

const ONE_STAGE = process.argv.find((a) => a.startsWith('--stage='))?.slice('--stage='.length) as Stage | undefined;
const STAGES: readonly Stage[] = ONE_STAGE !== undefined ? [ONE_STAGE] : ['retrieved', 'tool_result'];
const SHOW_EXAMPLES = process.argv.includes('--examples');
const UNTIMED = { budgetMs: Number.POSITIVE_INFINITY };

/** Benign sources that are documents an application retrieves or a tool returns (not chat prompts). */
const DOCUMENT_SOURCES: Readonly<Record<string, string>> = {
  'warden/synthetic-tool-outputs': 'tool outputs (clean twins)',
  ...REAL_DOCUMENT_SOURCES,
  'ReversecLabs/spikee': 'spikee clean documents',
};

/** The format of a synthetic document (`synthetic-indirect-documents:html-...`) or BIPIA task. */
function formatOf(e: Example): string {
  const m = /^corpus-synthetic-[a-z-]+?:([a-z]+)/.exec(e.id) ?? /^bipia-([a-z]+)-/.exec(e.id);
  return m?.[1] ?? '';
}

interface Tally {
  n: number;
  rules: number;
  policy: number;
  examples: string[];
}
type Table = Map<string, Tally>;

const warden = createWarden();

function verdict(text: string, stage: Stage): { rules: string[]; policy: boolean } {
  const r = warden.scan(text, stage, UNTIMED);
  const rules = r.findings.filter((f) => f.detector === 'prompt-injection' && f.action === 'block').map((f) => f.ruleId.replace('prompt-injection/', ''));
  return { rules, policy: r.action === 'block' };
}

function count(table: Table, key: string, v: { rules: string[]; policy: boolean }, e: Example, attack: boolean): void {
  const t = table.get(key) ?? { n: 0, rules: 0, policy: 0, examples: [] };
  t.n++;
  if (v.rules.length > 0) t.rules++;
  if (v.policy) t.policy++;
  // Examples only from the tune half: misses for attacks, rule blocks for benign rows.
  const show = attack ? v.rules.length === 0 : v.rules.length > 0;
  if (show && !held(e) && t.examples.length < 4) {
    const shown = attack && e.inserted !== undefined ? e.text.slice(e.inserted[0], e.inserted[1]) : e.text;
    t.examples.push(`[${v.rules.join(',')}] ${JSON.stringify(shown.slice(0, 240))}`);
  }
  table.set(key, t);
}

const corpus = loadCorpus();
const shared = datasetsAvailable() ? loadSharedIndirect() : [];
const rows = [...corpus, ...shared].filter((e) => {
  const source = e.source.split(':')[0] as string;
  if (e.label === 'attack') return e.category === 'indirect_injection' && ATTACK_SOURCES[source] !== undefined;
  return DOCUMENT_SOURCES[source] !== undefined || source === 'microsoft/BIPIA';
});

const started = performance.now();
const out: Record<string, Record<string, Record<string, { n: number; rules: number; policy: number }>>> = {};
for (const stage of STAGES) {
  const tables = { attack: new Map() as Table, benign: new Map() as Table, attackLang: new Map() as Table, benignLang: new Map() as Table };
  for (const e of rows) {
    const attack = e.label === 'attack';
    const source = e.source.split(':')[0] as string;
    const half = held(e) ? 'held' : 'tune';
    const name = attack ? (ATTACK_SOURCES[source] as string) : source === 'microsoft/BIPIA' ? 'BIPIA clean contexts' : `${DOCUMENT_SOURCES[source] as string}`;
    const format = formatOf(e);
    const v = verdict(e.text, stage);
    const table = attack ? tables.attack : tables.benign;
    for (const key of [`${half} | ${name}`, `${half} | all`]) count(table, key, v, e, attack);
    if (format !== '') count(table, `${half} | ${name} / ${format}`, v, e, attack);
    count(attack ? tables.attackLang : tables.benignLang, `${half} | ${e.lang ?? 'en'}`, v, e, attack);
  }
  out[stage] = {};
  for (const [title, table] of Object.entries(tables)) {
    const sorted = [...table].sort((a, b) => a[0].localeCompare(b[0]));
    out[stage][title] = Object.fromEntries(sorted.map(([k, t]) => [k, { n: t.n, rules: t.rules, policy: t.policy }]));
    if (process.argv.includes('--json')) continue;
    const what = title.startsWith('attack') ? 'caught (recall)' : 'blocked (false positives)';
    console.log(`\n[${stage}] ${title}: ${what}\nhalf | set | rows | rules | policy`);
    for (const [k, t] of sorted) {
      console.log(`${k} | ${t.n} | ${(t.rules / t.n).toFixed(3)} (${t.rules}) | ${(t.policy / t.n).toFixed(3)} (${t.policy})`);
      if (SHOW_EXAMPLES) for (const x of t.examples) console.log(`    ${x}`);
    }
  }
}
console.log(JSON.stringify({ seconds: Math.round((performance.now() - started) / 1000), stages: out }));
