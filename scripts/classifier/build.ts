/**
 * Builds the committed classifier file from the datasets: featurize, train one weight set per stage
 * family, quantize, calibrate the threshold on the validation fold, and serialize deterministically.
 */
import { HASH_BITS } from '../../src/detectors/injection-classifier/features.js';
import { normalize, type Normalized } from '../../src/detectors/injection-classifier/normalize.js';
import { scoreBestWindow, windowFeatures, windowSpans, WINDOW, STRIDE, type WeightSet } from '../../src/detectors/injection-classifier/windows.js';
import { loadCorpus } from './corpus.js';
import { joinedBenign } from './joined.js';
import { isValidation, loadProjectWritten, loadReviewed, loadSharedClassification, loadSharedIndirect, loadSharedPiiAsBenign, type Example, type SetName } from './data.js';
import { sourceGroup } from './loso.js';
import { balanceClasses, quantize, train, type TrainRow } from './logreg.js';
import { calibrate, evaluate, type Metrics, type ScoredExample } from './metrics.js';

export const SEED = 20240611;
const MAX_WINDOWS_PER_DOC = 8;
/** The indirect set also scores every sentence, so it samples more spans per document. */
const MAX_WINDOWS_INDIRECT = 16;
const PROJECT_WEIGHT = 3;
/** Indirect set: the largest weights (sentence cues) clipped in int8 quantization. */
const CLIP_TOP = 16;
const TRAIN = { epochs: 8, learningRate: 1.5, l2: 1e-6, seed: SEED } as const;

/** How training rows are weighted beyond their windows: by source group size and by language. */
export interface Weighting {
  /** A source group with n examples of a label weighs n^sourcePower (1 = every example alike; sourceWeights). */
  sourcePower: number;
  /**
   * Attack examples in a language other than English weigh this much more: they come from a few generated groups
   * (dozens per language) against thousands of benign rows per language, and held out they were caught at 0-0.4.
   */
  nonEnglishAttack: number;
}

export const UNWEIGHTED: Weighting = { sourcePower: 1, nonEnglishAttack: 1 };
/** What `npm run train` uses (docs/decisions/classifier.md, session 12). */
export const WEIGHTING: Weighting = { sourcePower: 1, nonEnglishAttack: 6 };

const isNonEnglishAttack = (e: Example): boolean => e.label === 'attack' && e.lang !== undefined && e.lang !== 'en';

/** The weight sets and who feeds each one's calibration constraints. */
const SETS: readonly SetName[] = ['direct', 'indirect'];

function pickWindows(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.round((i * (count - 1)) / (max - 1)));
}

/** Normalized-unit range of an original-text span (first unit at or after start, up to end). */
function normalizedRange(offsets: Uint32Array, length: number, span: readonly [number, number]): [number, number] {
  let a = 0;
  while (a < length && (offsets[a] as number) < span[0]) a++;
  let b = a;
  while (b < length && (offsets[b] as number) < span[1]) b++;
  return [a, b];
}

/** Unbalanced rows per example and cue setting: LOSO trains dozens of folds from the same examples. */
const rowCache = new WeakMap<Example, Partial<Record<'cues' | 'plain', readonly TrainRow[]>>>();

function exampleRows(ex: Example, cues: boolean): readonly TrainRow[] {
  const key = cues ? 'cues' : 'plain';
  const cached = rowCache.get(ex);
  const hit = cached?.[key];
  if (hit !== undefined) return hit;
  const norm = normalize(ex.text);
  const windows = windowFeatures(norm, cues);
  const spans = windowSpans(norm, cues);
  const inserted = ex.inserted === undefined ? undefined : normalizedRange(norm.offsets, norm.length, ex.inserted);
  // Windows of a poisoned document that miss the inserted instruction are clean text.
  const labels = spans.map(([s, e]): 0 | 1 => (ex.label !== 'attack' ? 0 : inserted === undefined || (s < inserted[1] && e > inserted[0]) ? 1 : 0));
  // Without a located instruction, a sentence of an attack prompt ("Hello ChatGPT.") proves nothing: train its sliding windows only.
  const sliding = ex.label === 'attack' && inserted === undefined ? windowSpans(norm, false).length : windows.length;
  const picked = [...new Set([...pickWindows(sliding, cues ? MAX_WINDOWS_INDIRECT : MAX_WINDOWS_PER_DOC), ...labels.flatMap((y, w) => (y === 1 && inserted !== undefined ? [w] : []))])].sort((a, b) => a - b);
  // Project-written rows are few but carry the multilingual and hard-benign coverage.
  const weight = (ex.source.startsWith('project-written') ? PROJECT_WEIGHT : 1) / Math.sqrt(picked.length);
  const rows = picked.map((w) => ({ features: windows[w] as Int32Array, y: labels[w] as 0 | 1, weight }));
  rowCache.set(ex, { ...cached, [key]: rows });
  return rows;
}

/**
 * Per-example weight multipliers so a source group with n examples of a label carries weight n^power (1 = every
 * example alike): a few big sources (GPTeacher, xquad, spikee) otherwise set what "benign" and "attack" mean.
 * Each label's total weight is unchanged.
 */
export function sourceWeights(examples: readonly Example[], power: number): number[] {
  const key = (e: Example) => `${e.label}\u0000${sourceGroup(e.source)}`;
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
  const raw = examples.map((e) => ((counts.get(key(e)) as number) ** (power - 1)));
  const total = { attack: [0, 0], benign: [0, 0] };
  examples.forEach((e, i) => {
    const t = total[e.label];
    t[0] = (t[0] as number) + 1;
    t[1] = (t[1] as number) + (raw[i] as number);
  });
  return raw.map((w, i) => {
    const [n, sum] = total[(examples[i] as Example).label] as [number, number];
    return (w * n) / sum;
  });
}

export function rowsFor(examples: readonly Example[], cues: boolean, weighting: Weighting = UNWEIGHTED): TrainRow[] {
  const multipliers = weighting.sourcePower === 1 ? undefined : sourceWeights(examples, weighting.sourcePower);
  const language = (e: Example): number => (isNonEnglishAttack(e) ? weighting.nonEnglishAttack : 1);
  // Fresh row objects: balanceClasses rescales weights in place, the cached features are shared read-only.
  return balanceClasses(examples.flatMap((ex, i) => exampleRows(ex, cues).map((r) => ({ ...r, weight: r.weight * (multipliers?.[i] ?? 1) * language(ex) }))));
}

export interface BuiltModel {
  json: string;
  report: string;
}

export const round = (x: number, digits: number): number => Number(x.toFixed(digits));
export const logit = (p: number): number => Math.log(p / (1 - p));

export interface CalibratedSet {
  final: WeightSet;
  rawThreshold: number;
}

/** Trains one weight set on `trainFold`, calibrates it on `valFold`, shifts the operating point to 0.5. */
export function trainCalibrated(trainFold: readonly Example[], valFold: readonly Example[], set: SetName, weighting: Weighting = WEIGHTING): CalibratedSet {
  const model = train(rowsFor(trainFold.filter((e) => e.sets.includes(set)), set === 'indirect', weighting), TRAIN);
  const { q, scale } = quantize(model.weights, set === 'indirect' ? CLIP_TOP : 0);
  const raw: WeightSet = { bias: model.bias, scale, weights: q, cues: set === 'indirect' };
  const rawThreshold = round(calibrate(scoreAll(valFold, raw, set), set), 10);
  // Shift the bias so the calibrated operating point sits at 0.5, the policy's default threshold.
  return { final: { ...raw, bias: round(model.bias - logit(rawThreshold), 6) }, rawThreshold };
}

/** training/corpus/ trains the shipped model; WARDEN_CORPUS=0 leaves it out (the LOSO comparison with the older recipe). */
export const USE_CORPUS = process.env['WARDEN_CORPUS'] !== '0';

/** Every training source, the first copy of each text only (a text in two sources would leak across LOSO folds). */
export function loadAllExamples(corpus = USE_CORPUS): Example[] {
  const seen = new Set<string>();
  const unique = [...loadSharedClassification(), ...loadSharedIndirect(), ...loadSharedPiiAsBenign(), ...loadProjectWritten(), ...loadReviewed(), ...(corpus ? loadCorpus() : [])].filter((e) => {
    if (seen.has(e.text)) return false;
    seen.add(e.text);
    return true;
  });
  return corpus ? [...unique, ...joinedBenign(unique)] : unique;
}

export function buildModel(): BuiltModel {
  const all = loadAllExamples();
  const trainFold = all.filter((e) => !isValidation(e.group));
  const valFold = all.filter((e) => isValidation(e.group));
  const sets: Record<string, unknown> = {};
  const lines: string[] = [];
  for (const set of SETS) {
    const { final, rawThreshold } = trainCalibrated(trainFold, valFold, set);
    const metrics = evaluate(scoreAll(valFold, final, set), 0.5);
    const q = final.weights;
    sets[set] = {
      bias: final.bias,
      scale: final.scale,
      rawThreshold,
      validation: metrics,
      weights: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64'),
    };
    lines.push(`${set}: raw threshold ${rawThreshold}`, ...formatMetrics(metrics));
  }
  const file = {
    format: 'warden-injection-classifier/1',
    hashBits: HASH_BITS,
    window: WINDOW,
    stride: STRIDE,
    threshold: 0.5,
    seed: SEED,
    training: { ...TRAIN, maxWindowsPerDoc: MAX_WINDOWS_PER_DOC, maxWindowsIndirect: MAX_WINDOWS_INDIRECT, indirectClipTop: CLIP_TOP, projectWrittenWeight: PROJECT_WEIGHT, nonEnglishAttackWeight: WEIGHTING.nonEnglishAttack, validationFold: 'fnv1a(group) % 5 == 0', harmfulRequest: 'excluded' },
    sets,
  };
  return { json: `${JSON.stringify(file, null, 1)}\n`, report: lines.join('\n') };
}

export function scoreAll(examples: readonly Example[], weights: WeightSet, set: SetName): ScoredExample[] {
  return scoreAllWith(examples, set, (norm) => scoreBestWindow(norm, weights).score);
}

/** The rows that calibrate and report `set`, scored by `score`. */
export function scoreAllWith(examples: readonly Example[], set: SetName, score: (norm: Normalized) => number): ScoredExample[] {
  return examples
    .filter((e) => e.sets.includes(set) || e.category === 'harmful_request' || (set === 'direct' && e.category === 'indirect_injection'))
    .map((e) => ({ category: e.category, source: e.source, label: e.label, score: score(normalize(e.text)) }));
}

function formatMetrics(m: Metrics): string[] {
  return Object.entries(m).map(([k, v]) => `  ${k.padEnd(40)} n=${String(v.n).padStart(5)} flagged=${v.flagged.toFixed(4)}`);
}
