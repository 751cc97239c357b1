/**
 * Precision/recall of the pii detector's tagger types on a labelled JSONL file (default: the
 * project-written prose fixture), printing every false positive and miss so regressions are visible.
 *
 *   npx tsx scripts/pii-tagger/eval-prose.ts [--data test/fixtures/pii-prose.jsonl] [--min 0.5] [--quiet]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pii, findPii } from '../../src/detectors/pii.js';
import { canonicalPiiType } from '../../src/detectors/pii/entity-types.js';
import { codePointToUtf16Offsets } from '../../src/detectors/pii/offsets.js';

const TYPES = ['PERSON', 'LOCATION', 'ORGANIZATION', 'ADDRESS'];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

interface Row {
  text: string;
  spans: Array<{ start: number; end: number; type: string }>;
}

const file = resolve(arg('--data', resolve(import.meta.dirname, '../../test/fixtures/pii-prose.jsonl')));
const min = Number(arg('--min', '0.5'));
const quiet = process.argv.includes('--quiet');
const opts = pii.options.parse({});
const stats = new Map(TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
  const row = JSON.parse(line) as Row;
  const units = codePointToUtf16Offsets(row.text, row.spans.flatMap((s) => [s.start, s.end]));
  const gold = row.spans
    .map((s, k) => ({ start: units[2 * k] as number, end: units[2 * k + 1] as number, type: canonicalPiiType(s.type) }))
    .filter((g) => TYPES.includes(g.type));
  const pred = findPii(row.text, opts).filter((p) => TYPES.includes(p.entityType) && p.score >= min);
  const hit = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
  for (const p of pred) {
    const ok = gold.some((g) => g.type === p.entityType && hit(g, p));
    const s = stats.get(p.entityType);
    if (s) s[ok ? 'tp' : 'fp']++;
    if (!ok && !quiet) console.log(`FP ${p.entityType} ${JSON.stringify(row.text.slice(p.start, p.end))} ${p.score} | ${JSON.stringify(row.text.slice(0, 70))}`);
  }
  for (const g of gold) {
    if (pred.some((p) => p.entityType === g.type && hit(g, p))) continue;
    const s = stats.get(g.type);
    if (s) s.fn++;
    if (!quiet) console.log(`FN ${g.type} ${JSON.stringify(row.text.slice(g.start, g.end))} | ${JSON.stringify(row.text.slice(0, 70))}`);
  }
}
const all = { tp: 0, fp: 0, fn: 0 };
const fmt = (s: { tp: number; fp: number; fn: number }): string => {
  const p = s.tp / Math.max(1, s.tp + s.fp);
  const r = s.tp / Math.max(1, s.tp + s.fn);
  return `P=${p.toFixed(3)} R=${r.toFixed(3)} F1=${(p + r === 0 ? 0 : (2 * p * r) / (p + r)).toFixed(3)} (tp ${s.tp} fp ${s.fp} fn ${s.fn})`;
};
for (const [t, s] of stats) {
  all.tp += s.tp;
  all.fp += s.fp;
  all.fn += s.fn;
  console.log(`${t.padEnd(13)} ${fmt(s)}`);
}
console.log(`${'micro'.padEnd(13)} ${fmt(all)}`);
