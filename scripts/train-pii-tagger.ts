/**
 * Trains the PII token tagger (averaged perceptron, hashed features) on ../shared/datasets/pii.jsonl
 * and writes src/detectors/pii/tagger-weights.ts. Deterministic: fixed split, seeded shuffle, no
 * floating-point reductions whose order depends on the platform, so reruns reproduce the file bit for bit.
 *
 *   npx tsx scripts/train-pii-tagger.ts [--data pii.jsonl] [--words a.jsonl,b.jsonl] [--epochs n] [--check]
 *
 * Records whose id hashes into the held-out fold (1 in 5) are never trained on; the script prints
 * span-level precision/recall/F1 on them. `--check` retrains and fails if the committed file differs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { canonicalPiiType } from '../src/detectors/pii/entity-types.js';
import { codePointToUtf16Offsets } from '../src/detectors/pii/offsets.js';
import { decode, spansOf, type TaggedSpan, type TaggerWeights } from '../src/detectors/pii/tagger.js';
import { features, MAX_FEATURES, NUM_CLASSES, obviouslyOutside, TAGGER_BUCKETS, TAGGER_CLASSES } from '../src/detectors/pii/tagger-features.js';
import { TAGGER_PATTERNS, tokenize, type TokenTable } from '../src/detectors/pii/tagger-tokens.js';
import { mulberry32 } from './lib/prng.js';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = resolve(ROOT, 'src/detectors/pii/tagger-weights.ts');
const WORDS_OUT = resolve(ROOT, 'src/detectors/pii/common-words.ts');
/** Size of the common-word list (most frequent qualifying words) and the documents a word needs. */
const MAX_COMMON_WORDS = 12000;
const MIN_COMMON_DOCS = 2;
/** Symbols after which the next word starts a sentence (or a quote, list item, cell or heading). */
const SENTENCE_OPENERS = '.!?:;"*-#>|([`\'\u201c\u2018';
const SEED = 20240611;

interface Row {
  id: string;
  text: string;
  spans: Array<{ start: number; end: number; type: string }>;
}
interface Example {
  text: string;
  tokens: TokenTable;
  gold: Uint8Array;
  spans: Array<{ start: number; end: number; type: string }>;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}


export const isHeldOut = (id: string): boolean => fnv(id) % 5 === 0;

/**
 * Words written in lower case in far more documents than they are capitalized mid-sentence in, from
 * general text corpora (not the PII data): a capitalized common word at a sentence start, in a heading
 * or in a Title Case phrase (`Developer Mode`, `Quarterly Report`) is rarely a name. Counting documents
 * rather than occurrences keeps one Title-Case-heavy prompt from vetoing a word.
 */
interface WordDoc {
  text: string;
  /** Jailbreak prompts Title-Case personas and modes (`Developer Mode`): their capitals are not counted. */
  titleCased: boolean;
}

/**
 * Closed-class greeting, reply and sign-off words that open chat replies and emails (`Sure, ...`,
 * `Thanks Anna`, `Cheers,`) and so are capitalized far more often than the corpora show them in lower case.
 */
const DISCOURSE_WORDS =
  'absolutely alright apologies certainly cheers congratulations dear definitely goodbye greetings hello hey hi hiya ' +
  'howdy indeed kindly nope ok okay please regards sincerely sorry sure thank thanks thx welcome yeah yep yes';

function buildCommonWords(docs: readonly WordDoc[]): string[] {
  const lowerDocs = new Map<string, number>();
  const capitalizedDocs = new Map<string, number>();
  const re = new RegExp(TAGGER_PATTERNS.token.source, 'gu');
  const bump = (map: Map<string, number>, words: Set<string>): void => {
    for (const w of words) map.set(w, (map.get(w) ?? 0) + 1);
  };
  for (const { text, titleCased } of docs) {
    const lower = new Set<string>();
    const capitalizedMid = new Set<string>();
    for (const line of text.split('\n')) {
      const words = [...line.matchAll(re)].map((m) => m[0]);
      const cased = words.filter((w) => w.toLowerCase() !== w.toUpperCase());
      // Headings and Title Case lines capitalize ordinary words; they say nothing about proper nouns.
      const titleLike = cased.filter((w) => w !== w.toLowerCase()).length * 2 > cased.length;
      let sentenceStart = true;
      for (const w of words) {
        const l = w.toLowerCase();
        const u = w.toUpperCase();
        if (l === u) {
          sentenceStart = sentenceStart || SENTENCE_OPENERS.includes(w);
          continue;
        }
        // ALL-CAPS words are emphasis, not evidence of a proper noun.
        if (w === l) lower.add(l);
        else if (!sentenceStart && !titleLike && (w !== u || w.length === 1)) capitalizedMid.add(l);
        sentenceStart = false;
      }
    }
    bump(lowerDocs, lower);
    if (!titleCased) bump(capitalizedDocs, capitalizedMid);
  }
  const corpus = [...lowerDocs]
    .filter(([w, n]) => w.length >= 2 && n >= MIN_COMMON_DOCS && (capitalizedDocs.get(w) ?? 0) <= 0.25 * n)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_COMMON_WORDS)
    .map(([w]) => w);
  return [...new Set([...corpus, ...DISCOURSE_WORDS.split(' ')])].sort();
}

function toExample(row: Row, common: ReadonlySet<string>): Example {
  const tokens = tokenize(row.text, common);
  const units = codePointToUtf16Offsets(row.text, row.spans.flatMap((s) => [s.start, s.end]));
  const spans = row.spans.map((s, k) => ({ start: units[2 * k] as number, end: units[2 * k + 1] as number, type: canonicalPiiType(s.type) }));
  const gold = new Uint8Array(tokens.count);
  for (const s of spans) {
    const c = (TAGGER_CLASSES as readonly string[]).indexOf(s.type);
    if (c <= 0) continue;
    for (let i = 0; i < tokens.count; i++) {
      if ((tokens.start[i] as number) < s.end && s.start < (tokens.end[i] as number)) gold[i] = c;
    }
  }
  return { text: row.text, tokens, gold, spans };
}

function train(examples: Example[], epochs: number): Float64Array {
  const size = TAGGER_BUCKETS * NUM_CLASSES;
  const w = new Float64Array(size);
  const totals = new Float64Array(size);
  const stamps = new Float64Array(size);
  const feats = new Int32Array(MAX_FEATURES);
  const scores = new Float64Array(NUM_CLASSES);
  let step = 0;
  const update = (index: number, delta: number): void => {
    totals[index] = (totals[index] as number) + (step - (stamps[index] as number)) * (w[index] as number);
    stamps[index] = step;
    w[index] = (w[index] as number) + delta;
  };
  const order = examples.map((_, i) => i);
  const random = mulberry32(SEED);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    let errors = 0;
    let seen = 0;
    for (const idx of order) {
      const ex = examples[idx] as Example;
      let prev = 0;
      let prev2 = 0;
      for (let i = 0; i < ex.tokens.count; i++) {
        if (obviouslyOutside(ex.tokens, i, prev)) {
          prev2 = prev;
          continue;
        }
        step++;
        const n = features(ex.tokens, i, prev, prev2, feats);
        scores.fill(0);
        for (let f = 0; f < n; f++) {
          const base = (feats[f] as number) * NUM_CLASSES;
          for (let c = 0; c < NUM_CLASSES; c++) scores[c] = (scores[c] as number) + (w[base + c] as number);
        }
        let guess = 0;
        for (let c = 1; c < NUM_CLASSES; c++) if ((scores[c] as number) > (scores[guess] as number)) guess = c;
        const truth = ex.gold[i] as number;
        seen++;
        if (guess !== truth) {
          errors++;
          for (let f = 0; f < n; f++) {
            const base = (feats[f] as number) * NUM_CLASSES;
            update(base + truth, 1);
            update(base + guess, -1);
          }
        }
        prev2 = prev;
        prev = guess;
      }
    }
    console.error(`epoch ${epoch + 1}/${epochs}: token error rate ${(errors / seen).toFixed(4)}`);
  }
  const avg = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const total = (totals[i] as number) + (step - (stamps[i] as number)) * (w[i] as number);
    avg[i] = total / step;
  }
  return avg;
}

function quantize(avg: Float64Array): { bytes: Int8Array; scale: number } {
  let max = 0;
  for (const v of avg) max = Math.max(max, Math.abs(v));
  const scale = max === 0 ? 1 : 127 / max;
  const bytes = new Int8Array(avg.length);
  for (let i = 0; i < avg.length; i++) bytes[i] = Math.round((avg[i] as number) * scale);
  return { bytes, scale };
}

interface Score {
  tp: number;
  fp: number;
  fn: number;
}

export function evaluate(examples: Example[], model: TaggerWeights, minScore: number): Map<string, Score> {
  const stats = new Map<string, Score>();
  const st = (t: string): Score => {
    let s = stats.get(t);
    if (!s) stats.set(t, (s = { tp: 0, fp: 0, fn: 0 }));
    return s;
  };
  const types = new Set<string>(TAGGER_CLASSES.slice(1));
  for (const ex of examples) {
    const { classes, confidence } = decode(ex.tokens, model);
    const pred: TaggedSpan[] = spansOf(ex.tokens, classes, confidence, ex.text).filter((p) => p.score >= minScore);
    const gold = ex.spans.filter((g) => types.has(g.type));
    for (const p of pred) st(p.entityType)[gold.some((g) => g.type === p.entityType && g.start < p.end && p.start < g.end) ? 'tp' : 'fp']++;
    for (const g of gold) if (!pred.some((p) => g.type === p.entityType && g.start < p.end && p.start < g.end)) st(g.type).fn++;
  }
  return stats;
}

function report(stats: Map<string, Score>): string {
  const f = (s: Score): string => {
    const p = s.tp / Math.max(1, s.tp + s.fp);
    const r = s.tp / Math.max(1, s.tp + s.fn);
    return `P=${p.toFixed(3)} R=${r.toFixed(3)} F1=${(p + r === 0 ? 0 : (2 * p * r) / (p + r)).toFixed(3)} (tp ${s.tp} fp ${s.fp} fn ${s.fn})`;
  };
  const all: Score = { tp: 0, fp: 0, fn: 0 };
  const lines = [...stats].sort(([a], [b]) => a.localeCompare(b)).map(([t, s]) => {
    all.tp += s.tp;
    all.fp += s.fp;
    all.fn += s.fn;
    return `  ${t.padEnd(14)} ${f(s)}`;
  });
  return [...lines, `  ${'micro'.padEnd(14)} ${f(all)}`].join('\n');
}

function renderWords(words: readonly string[]): string {
  return [
    '// Generated by scripts/train-pii-tagger.ts from the general text in ../shared/datasets/text_classification.jsonl',
    '// (GSM8K, self-instruct, XSTest, jailbreak corpora; MIT/Apache-2.0/CC-BY-4.0) and indirect_injection.jsonl',
    '// (BIPIA, MIT): words usually written in lower case.',
    '// Do not edit; rerun the script.',
    `export const COMMON_WORDS = '${words.join(' ')}';`,
    '',
  ].join('\n');
}

function render(bytes: Int8Array, scale: number, trainRows: number): string {
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return [
    '// Generated by scripts/train-pii-tagger.ts from ../shared/datasets/pii.jsonl (microsoft/presidio-research,',
    '// MIT; synthetic identities from Fake Name Generator, CC-BY-SA-3.0-US). Do not edit; rerun the script.',
    `export const TAGGER_MODEL = {`,
    `  trainRecords: ${trainRows},`,
    `  buckets: ${TAGGER_BUCKETS},`,
    `  classes: ${JSON.stringify(TAGGER_CLASSES)},`,
    `  scale: ${scale},`,
    `  weights: '${b64}',`,
    `} as const;`,
    '',
  ].join('\n');
}

function main(): void {
  const data = resolve(arg('--data', resolve(ROOT, '../shared/datasets/pii.jsonl')));
  if (!existsSync(data)) {
    console.error(`training data not found at ${data}; pass --data <pii.jsonl> (Presidio-style spans, see docs/detectors/pii.md)`);
    process.exit(2);
  }
  const wordFiles = arg('--words', ['text_classification.jsonl', 'indirect_injection.jsonl'].map((f) => resolve(ROOT, '../shared/datasets', f)).join(','))
    .split(',')
    .map((f) => resolve(f));
  const missing = wordFiles.find((f) => !existsSync(f));
  if (missing !== undefined) {
    console.error(`general-text corpus not found at ${missing}; pass --words <a.jsonl,b.jsonl> (JSONL with a "text" field)`);
    process.exit(2);
  }
  const epochs = Number(arg('--epochs', '12'));
  const words = buildCommonWords(
    wordFiles.flatMap((f) =>
      readFileSync(f, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { text: string; category?: string })
        .map((r) => ({ text: r.text, titleCased: r.category === 'jailbreak' })),
    ),
  );
  const common = new Set(words);
  const rows = readFileSync(data, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
  const trainSet = rows.filter((r) => !isHeldOut(r.id)).map((r) => toExample(r, common));
  const heldOut = rows.filter((r) => isHeldOut(r.id)).map((r) => toExample(r, common));
  console.error(`train ${trainSet.length} records, held-out ${heldOut.length}, ${words.length} common words`);
  const avg = train(trainSet, epochs);
  const { bytes, scale } = quantize(avg);
  const model: TaggerWeights = { weights: bytes, scale };
  for (const min of [0.5, 0.7, 0.9]) console.error(`held-out, int8 weights, min_score ${min}:\n${report(evaluate(heldOut, model, min))}`);
  const outputs: Array<[string, string]> = [
    [OUT, render(bytes, scale, trainSet.length)],
    [WORDS_OUT, renderWords(words)],
  ];
  if (process.argv.includes('--check')) {
    const same = outputs.every(([path, text]) => existsSync(path) && readFileSync(path, 'utf8') === text);
    console.error(same ? 'committed weights and word list reproduce bit for bit' : 'committed files differ from a fresh training run');
    process.exit(same ? 0 : 1);
  }
  for (const [path, text] of outputs) {
    writeFileSync(path, text);
    console.error(`wrote ${path} (${text.length} bytes)`);
  }
}

main();
