/**
 * The other half of the leave-one-source-out story: the shipped recipe trained once on the training split of
 * every group, thresholds chosen on one half of the validation split, recall and FPR measured per source group on
 * the other half (rows of sources the model trained on, never the same rows). Set beside `eval-loso.ts`'s figures,
 * the difference per group is what a new source costs, as opposed to what the model cannot separate at all.
 * Documents are also compared where fixed shares of the benign validation documents are flagged (a ranking figure:
 * the documents' threshold rests on a few dozen calibration documents).
 * Usage: npx tsx scripts/eval-in-source.ts   (same groups as BENCH_QUICK LOSO; LOSO_GROUPS=a,b for others)
 */
import { loadAllExamples } from './classifier/build.js';
import { DATASETS, datasetsAvailable, fnv1a, isValidation, type Example, type SetName } from './classifier/data.js';
import { REAL_DOCUMENT_SOURCES } from './classifier/document-sources.js';
import { QUICK_GROUPS, SHIPPED_RECIPE } from './classifier/loso-report.js';
import { chooseThreshold, kindOf, MIN_ROWS, setOf, sourceGroup, type Kind } from './classifier/loso.js';

if (!datasetsAvailable()) {
  console.error(`eval-in-source: datasets not found in ${DATASETS}; set WARDEN_DATASETS`);
  process.exit(2);
}

/** Splits the validation groups in two with a hash independent of isValidation's (same FNV-1a, other salt). */
const isCalibration = (group: string): boolean => fnv1a(`calibration:${group}`) % 2 === 0;

const started = performance.now();
const all = loadAllExamples();
const val = all.filter((e) => isValidation(e.group));
const calibration = val.filter((e) => isCalibration(e.group));
const test = val.filter((e) => !isCalibration(e.group));
const score = SHIPPED_RECIPE.fit(
  all.filter((e) => !isValidation(e.group)),
  calibration,
);
const scored = (rows: readonly Example[]) =>
  rows.flatMap((e) => {
    const kind = kindOf(e);
    if (kind === undefined) return [];
    const set = setOf(e);
    const group = sourceGroup(e.source);
    const row = { kind, set, lang: e.lang, score: score(e.text, set), companion: false, group, twin: false };
    // As in LOSO: benign rows of real-document sources also count as documents (and only there, as twins).
    if (kind === 'attack' || set !== 'direct' || REAL_DOCUMENT_SOURCES[group] === undefined) return [row];
    return [row, { ...row, set: 'indirect' as const, score: score(e.text, 'indirect'), twin: true }];
  });
const calib = scored(calibration);
const thresholds: Record<SetName, number> = { direct: chooseThreshold(calib.filter((s) => s.set === 'direct')), indirect: chooseThreshold(calib.filter((s) => s.set === 'indirect')) };
const held = scored(test);

const groups = process.env['LOSO_GROUPS']?.split(',') ?? QUICK_GROUPS;
const rate = (group: string, kind: Kind): { n: number; rate: number } | undefined => {
  const rows = held.filter((s) => s.group === group && s.kind === kind && !s.twin);
  return rows.length < MIN_ROWS ? undefined : { n: rows.length, rate: rows.filter((s) => s.score >= thresholds[s.set]).length / rows.length };
};
const cell = (r: { n: number; rate: number } | undefined) => (r === undefined ? '-'.padStart(12) : `${r.rate.toFixed(3)} (${String(r.n).padStart(4)})`.padStart(12));
console.log(`In-source, recipe ${SHIPPED_RECIPE.name}: thresholds direct/indirect ${thresholds.direct.toFixed(4)}/${thresholds.indirect.toFixed(4)}; rate (n) on the test half of each group's validation rows`);
console.log(`${'group'.padEnd(40)} ${'recall'.padStart(12)} ${'fpr plain'.padStart(12)} ${'fpr hard'.padStart(12)}`);
const recalls: number[] = [];
const plains: number[] = [];
const hards: number[] = [];
for (const g of groups) {
  const [a, p, h] = [rate(g, 'attack'), rate(g, 'plain'), rate(g, 'hard')];
  if (a !== undefined) recalls.push(a.rate);
  if (p !== undefined) plains.push(p.rate);
  if (h !== undefined) hards.push(h.rate);
  console.log(`${g.padEnd(40)} ${cell(a)} ${cell(p)} ${cell(h)}`);
}

// The documents' threshold rests on a few dozen calibration documents and moves with them (docs/benchmarks.md, session 14),
// so documents are also compared at fixed shares of all benign validation documents flagged: a ranking figure.
const benignDocs = [...calib, ...held].filter((s) => s.set === 'indirect' && s.kind !== 'attack').map((s) => s.score).sort((a, b) => b - a);
const docAttacks = held.filter((s) => s.set === 'indirect' && s.kind === 'attack');
const docGroups = groups.filter((g) => docAttacks.filter((s) => s.group === g).length >= MIN_ROWS);
const DOC_FPRS = [0.01, 0.02, 0.03] as const;
const caughtAt = (fpr: number, g?: string): number => {
  const t = benignDocs[Math.floor(fpr * benignDocs.length)] ?? 0;
  const rows = docAttacks.filter((s) => g === undefined || s.group === g);
  return rows.filter((s) => s.score > t).length / rows.length;
};
console.log(`\nDocuments: indirect threshold from ${calib.filter((s) => s.set === 'indirect' && s.kind === 'plain').length} plain / ${calib.filter((s) => s.set === 'indirect' && s.kind === 'hard').length} hard calibration documents; recall of the test half's document attacks where ${DOC_FPRS.map((f) => `${f * 100} %`).join(' / ')} of the ${benignDocs.length} benign validation documents are flagged`);
for (const g of [...docGroups, undefined]) console.log(`${(g ?? 'all documents').padEnd(40)} ${DOC_FPRS.map((f) => caughtAt(f, g).toFixed(3).padStart(8)).join('')}`);
const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : Number((xs.reduce((s, x) => s + x, 0) / xs.length).toFixed(4)));
const docRecallAt = Object.fromEntries(DOC_FPRS.map((f) => [String(f), Number(caughtAt(f).toFixed(4))]));
console.log(JSON.stringify({ recipe: SHIPPED_RECIPE.name, in_source_recall: mean(recalls), in_source_fpr_plain: mean(plains), in_source_fpr_hard: mean(hards), in_source_doc_recall_at_doc_fpr: docRecallAt, groups: groups.length, test_rows: held.length, seconds: Math.round((performance.now() - started) / 1000) }));
