/**
 * Detection quality on the shared developer datasets, through the same evaluators as `warden eval`,
 * with offline peers side by side. Prints tables; the last line is one JSON object of headline figures.
 * Then leave-one-source-out figures for the classifier recipe (scripts/classifier/loso.ts): loso_recall, loso_fpr_plain,
 * loso_fpr_hard, sources, rows, languages in the last line.
 * Run: npm run bench:quality [-- --limit N]   (N: evenly spaced sample per file; datasets: ../shared/datasets or $WARDEN_DATASETS;
 * BENCH_QUICK=1: LOSO on twelve representative source groups, QUICK_GROUPS in scripts/classifier/loso-report.ts)
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { evaluateClassification, type ClassificationReport, type Predictor } from '../src/cli/eval/classification.js';
import { readClassification, readPii, type ClassificationRecord } from '../src/cli/eval/dataset.js';
import { rounded } from '../src/cli/eval/metrics.js';
import { evaluatePii, type PiiReport } from '../src/cli/eval/pii.js';
import { startProgress } from '../src/cli/eval/progress.js';
import { renderPii } from '../src/cli/eval/report.js';
import { renderTable, type Cell } from '../src/cli/eval/table.js';
import { singleDetectorPolicy, wardenPredictor, wardenSpanPredictor } from '../src/cli/eval/warden-runner.js';
import { BUILTIN_DETECTORS } from '../src/detectors/index.js';
import { canonicalPiiType, PATTERN_ENTITY_TYPES } from '../src/detectors/pii/entity-types.js';
import { codePointToUtf16Offsets } from '../src/detectors/pii/offsets.js';
import type { Stage } from '../src/spec/types.js';
import { createWarden } from '../src/warden.js';
import { PEERS } from './peers/index.js';
import { loadAllExamples } from '../scripts/classifier/build.js';
import { SHIPPED_RECIPE, runLosoReport } from '../scripts/classifier/loso-report.js';

const DATA = process.env['WARDEN_DATASETS'] ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');
const limitArg = process.argv.indexOf('--limit');
const LIMIT = limitArg > 0 ? Number(process.argv[limitArg + 1]) : undefined;
const CATEGORIES = ['jailbreak', 'direct_injection', 'harmful_request', 'benign', 'benign_hard', 'indirect_injection'];

const CLASSIFICATION_FILES: ReadonlyArray<{ file: string; stage: Stage }> = [
  { file: 'text_classification.jsonl', stage: 'input' },
  { file: 'indirect_injection.jsonl', stage: 'retrieved' },
];

if (!existsSync(DATA)) {
  console.log(`bench:quality skipped: dataset directory ${DATA} not found (set WARDEN_DATASETS to the folder holding text_classification.jsonl, indirect_injection.jsonl, pii.jsonl)`);
  console.log(JSON.stringify({ skipped: `datasets not found at ${DATA}` }));
  process.exit(0);
}

const warden = createWarden();
// Quality is measured apart from latency: on a loaded host the production budget would turn a few slow
// scans into fail-closed blocks and mix machine speed into the detection figures (bench:detect has latency).
const CTX = { budgetMs: 10_000 };

interface Result {
  detector: string;
  file: string;
  report: ClassificationReport;
}

async function evaluate(detector: string, file: string, records: ClassificationRecord[], predict: Predictor): Promise<Result> {
  const report = rounded(await evaluateClassification(records, predict, startProgress(records.length, `${detector} ${file}`)));
  return { detector, file, report };
}

/** Every k-th record, so a --limit run still covers every source and category of the (source-ordered) file. */
function sample<T>(records: T[]): T[] {
  if (LIMIT === undefined || records.length <= LIMIT) return records;
  const step = records.length / LIMIT;
  return Array.from({ length: LIMIT }, (_, i) => records[Math.floor(i * step)] as T);
}

const results: Result[] = [];
for (const { file, stage } of CLASSIFICATION_FILES) {
  const path = join(DATA, file);
  if (!existsSync(path)) {
    console.log(`skipping ${file}: not found in ${DATA}`);
    continue;
  }
  const records = sample(readClassification(path));
  results.push(await evaluate('warden', file, records, wardenPredictor(warden, stage, false, CTX)));
  results.push(await evaluate('warden block-only', file, records, wardenPredictor(warden, stage, true, CTX)));
  for (const peer of PEERS) results.push(await evaluate(peer.name, file, records, peer.predict));
}

const metricRows: Cell[][] = results.map(({ detector, file, report: r }) => [detector, file, r.n, r.precision, r.recall, r.f1, r.fpr, r.p50_ms, r.p99_ms]);
process.stdout.write(
  renderTable(['detector', 'file', 'n', 'precision', 'recall', 'f1', 'fpr', 'p50 ms', 'p99 ms'], metricRows, {
    title: 'Binary attack/benign detection (warden: input stage for text_classification, retrieved for indirect_injection; detected = action other than allow, block-only = action block)',
  }),
);

const detectors = [...new Set(results.map((r) => r.detector))];
const rateRows: Cell[][] = [];
for (const category of CATEGORIES) {
  const per = detectors.map((d) => results.find((r) => r.detector === d && r.report.by_category?.[category])?.report.by_category?.[category]);
  const first = per.find((c) => c !== undefined);
  if (first) rateRows.push([category, first.n, ...per.map((c) => c?.rate)]);
}
process.stdout.write(`\n${renderTable(['category', 'n', ...detectors], rateRows, { title: 'Detection rate by category (benign rows: false-positive rate)' })}`);

// Each detector alone (every other one off), to show what each contributes and what it costs in false positives.
const aloneRows: Cell[][] = [];
for (const { file, stage } of CLASSIFICATION_FILES) {
  const path = join(DATA, file);
  if (!existsSync(path)) continue;
  const records = sample(readClassification(path));
  const ids = BUILTIN_DETECTORS.map((d) => d.id);
  for (const id of ids) {
    const alone = createWarden(singleDetectorPolicy(warden.policy, id, ids));
    if (alone.forStage(stage).steps.length === 0) continue;
    const r = rounded(await evaluateClassification(records, wardenPredictor(alone, stage, false, CTX)));
    aloneRows.push([id, file, r.recall, r.fpr, r.precision, r.f1, r.p50_ms]);
  }
}
process.stdout.write(`\n${renderTable(['detector alone', 'file', 'recall', 'fpr', 'precision', 'f1', 'p50 ms'], aloneRows, { title: 'Each detector alone (default settings, other detectors off)' })}`);

let piiAll: PiiReport | undefined;
let piiPattern: PiiReport | undefined;
let piiFull: PiiReport | undefined;
const piiPath = join(DATA, 'pii.jsonl');
if (existsSync(piiPath)) {
  const records = sample(readPii(piiPath));
  const base = { canonicalType: canonicalPiiType, toUtf16: codePointToUtf16Offsets };
  piiAll = rounded(evaluatePii(records, wardenSpanPredictor(warden, 'input', CTX), base));
  piiPattern = rounded(evaluatePii(records, wardenSpanPredictor(warden, 'input', CTX), { ...base, types: new Set<string>(PATTERN_ENTITY_TYPES) }));
  process.stdout.write(`\n${renderPii(piiAll, 'PII spans, all gold types (types Warden does not detect, e.g. TITLE, NRP, AGE, have recall 0)')}`);
  process.stdout.write(`\n${renderPii(piiPattern, `PII spans, pattern types (${PATTERN_ENTITY_TYPES.join(', ')})`)}`);
  // The default preset leaves the name/place tagger off (precision on prose); `strict` runs all 12 types.
  const strict = createWarden({ version: 1, extends: 'strict' });
  piiFull = rounded(evaluatePii(records, wardenSpanPredictor(strict, 'input', CTX), base));
  process.stdout.write(`\n${renderPii(piiFull, 'PII spans, all gold types, strict preset (pattern types + name/place/address/organization/date tagger)')}`);
}

// Leave-one-source-out: the classifier's recipe retrained without each source group, scored on it (BENCH_QUICK=1: twelve groups).
process.stdout.write('\n');
const loso = runLosoReport(loadAllExamples(), SHIPPED_RECIPE, (line) => console.log(line));

const get = (detector: string, file: string) => results.find((r) => r.detector === detector && r.file === file)?.report;
const tc = get('warden', 'text_classification.jsonl');
const ind = get('warden', 'indirect_injection.jsonl');
const tcBlock = get('warden block-only', 'text_classification.jsonl');
const indBlock = get('warden block-only', 'indirect_injection.jsonl');
const peerF1 = (file: string) => Math.max(0, ...PEERS.map((p) => get(p.name, file)?.f1 ?? 0));
console.log(
  JSON.stringify({
    limit: LIMIT ?? null,
    warden_tc_f1: tc?.f1 ?? null,
    warden_tc_precision: tc?.precision ?? null,
    warden_attack_recall: tc?.recall ?? null,
    warden_jailbreak_recall: tc?.by_category?.['jailbreak']?.rate ?? null,
    warden_direct_injection_recall: tc?.by_category?.['direct_injection']?.rate ?? null,
    warden_harmful_request_recall: tc?.by_category?.['harmful_request']?.rate ?? null,
    warden_benign_fpr: tc?.by_category?.['benign']?.rate ?? null,
    warden_benign_hard_fpr: tc?.by_category?.['benign_hard']?.rate ?? null,
    warden_tc_p50_ms: tc?.p50_ms ?? null,
    warden_tc_block_f1: tcBlock?.f1 ?? null,
    warden_attack_block_recall: tcBlock?.recall ?? null,
    warden_benign_block_fpr: tcBlock?.by_category?.['benign']?.rate ?? null,
    warden_benign_hard_block_fpr: tcBlock?.by_category?.['benign_hard']?.rate ?? null,
    warden_indirect_f1: ind?.f1 ?? null,
    warden_indirect_block_f1: indBlock?.f1 ?? null,
    warden_indirect_block_recall: indBlock?.recall ?? null,
    warden_indirect_block_fpr: indBlock?.fpr ?? null,
    warden_indirect_recall: ind?.recall ?? null,
    warden_indirect_fpr: ind?.fpr ?? null,
    pii_micro_f1: piiAll?.micro.f1 ?? null,
    pii_strict_micro_f1: piiFull?.micro.f1 ?? null,
    pii_pattern_micro_f1: piiPattern?.micro.f1 ?? null,
    pii_pattern_micro_precision: piiPattern?.micro.precision ?? null,
    pii_pattern_micro_recall: piiPattern?.micro.recall ?? null,
    best_peer_tc_f1: peerF1('text_classification.jsonl'),
    best_peer_indirect_f1: peerF1('indirect_injection.jsonl'),
    peers: Object.fromEntries(PEERS.map((p) => [p.name, { tc_f1: get(p.name, 'text_classification.jsonl')?.f1 ?? null, indirect_f1: get(p.name, 'indirect_injection.jsonl')?.f1 ?? null }])),
    ...loso,
  }),
);
