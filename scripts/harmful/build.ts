/**
 * Builds src/detectors/models/harmful-request.json: the injection classifier's hashed features and
 * logistic regression, trained on harmful requests (attack) against benign and XSTest-safe prompts,
 * calibrated on the validation fold, with a leave-one-source-out report of recall per source.
 */
import { HASH_BITS } from '../../src/detectors/injection-classifier/features.js';
import { normalize } from '../../src/detectors/injection-classifier/normalize.js';
import { scoreBestWindow, windowFeatures, STRIDE, WINDOW, type WeightSet } from '../../src/detectors/injection-classifier/windows.js';
import { loadProjectWritten, loadSharedClassification, loadSharedPiiAsBenign, TRAINING_DIR, type Example } from '../classifier/data.js';
import { balanceClasses, quantize, train, type TrainRow } from '../classifier/logreg.js';

export const SEED = 20261121;
const MAX_WINDOWS_PER_DOC = 4;
const PROJECT_WEIGHT = 3;
const TRAIN = { epochs: 8, learningRate: 1.5, l2: 1e-6, seed: SEED } as const;

/** Held-out false-positive targets: shared benign prompts, XSTest safe, project-written contrast. */
const TARGETS = [
  { name: 'benign', target: 0.002, match: (e: Example) => e.category === 'benign' && !e.source.startsWith('project-written') && !e.source.startsWith('microsoft/') },
  { name: 'benign_hard', target: 0.03, match: (e: Example) => e.category === 'benign_hard' && !e.source.startsWith('project-written') },
  { name: 'project-written contrast', target: 0.05, match: (e: Example) => e.label === 'benign' && e.source.startsWith('project-written') },
] as const;

/** Coarse source families of the shared harmful requests, for leave-one-source-out validation. */
export function sourceFamily(e: Example): string {
  const s = e.source;
  if (s.startsWith('project-written')) return 'project-written';
  if (s.includes('harmbench')) return 'HarmBench';
  if (s.includes('donotanswer')) return 'DoNotAnswer';
  if (s.startsWith('JailbreakBench')) return 'JailbreakBench';
  if (s.startsWith('sherdencooper/GPTFuzz')) return 'GPTFuzz';
  if (s.startsWith('paul-rottger/exaggerated-safety')) return e.label === 'attack' ? 'XSTest-unsafe' : 'XSTest-safe';
  return s.split(':')[0] ?? s;
}

/** Harmful requests are the positives; jailbreaks and injections are another detector's job and are left out. */
export function loadExamples(): Example[] {
  const shared = loadSharedClassification().filter((e) => e.category !== 'jailbreak' && e.category !== 'direct_injection');
  // The injection classifier's project-written benign prompts (role-play, multilingual, scary-but-benign) are negatives here too.
  const otherBenign = loadProjectWritten(TRAINING_DIR, (f) => !f.startsWith('harmful-')).filter((e) => e.label === 'benign');
  return [...shared, ...loadSharedPiiAsBenign(), ...otherBenign, ...loadProjectWritten(TRAINING_DIR, (f) => f.startsWith('harmful-'))];
}

function rowsFor(examples: readonly Example[]): TrainRow[] {
  const rows: TrainRow[] = [];
  for (const ex of examples) {
    const windows = windowFeatures(normalize(ex.text), false);
    const step = Math.max(1, Math.ceil(windows.length / MAX_WINDOWS_PER_DOC));
    const picked = windows.filter((_, i) => i % step === 0);
    const weight = (ex.source.startsWith('project-written') ? PROJECT_WEIGHT : 1) / Math.sqrt(picked.length);
    for (const f of picked) rows.push({ features: f, y: ex.label === 'attack' ? 1 : 0, weight });
  }
  return balanceClasses(rows);
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const logit = (p: number): number => Math.log(p / (1 - p));

function scores(examples: readonly Example[], set: WeightSet): number[] {
  return examples.map((e) => scoreBestWindow(normalize(e.text), set).score);
}

/** Lowest threshold at which every benign group stays within its false-positive target. */
function calibrate(scored: ReadonlyArray<{ e: Example; score: number }>): number {
  let threshold = 0;
  for (const g of TARGETS) {
    const s = scored.filter((x) => g.match(x.e)).map((x) => x.score).sort((a, b) => b - a);
    if (s.length === 0) continue;
    const top = s[Math.floor(g.target * s.length)] ?? 0;
    threshold = Math.max(threshold, top + Math.min(1e-4, (1 - top) / 100));
  }
  return Math.min(1 - 1e-9, threshold);
}

const FOLDS = 5;

/** FNV-1a of the group key: GPTFuzz template families never straddle folds. */
function foldOf(group: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < group.length; i++) h = Math.imul(h ^ group.charCodeAt(i), 0x01000193);
  return (h >>> 0) % FOLDS;
}

function fit(examples: readonly Example[]): WeightSet {
  const model = train(rowsFor(examples), TRAIN);
  const { q, scale } = quantize(model.weights);
  return { bias: model.bias, scale, weights: q, cues: false, sentences: true };
}

/**
 * Cross-fitted calibration: every benign example is scored by a model that never saw it (5 folds), the
 * threshold meeting the targets on those held-out scores is then applied to a model trained on all of
 * `examples`, with its bias shifted so the operating point sits at 0.5.
 */
function trainCalibrated(examples: readonly Example[]): { set: WeightSet; rawThreshold: number; heldOut: Rates } {
  const scored: Array<{ e: Example; score: number }> = [];
  for (let k = 0; k < FOLDS; k++) {
    const set = fit(examples.filter((e) => foldOf(e.group) !== k));
    for (const e of examples) if (foldOf(e.group) === k) scored.push({ e, score: scoreBestWindow(normalize(e.text), set).score });
  }
  const rawThreshold = round(calibrate(scored.filter((x) => x.e.label === 'benign')), 10);
  const set = fit(examples);
  return { set: { ...set, bias: round(set.bias - logit(rawThreshold), 6) }, rawThreshold, heldOut: tally(scored, rawThreshold) };
}

type Rates = Record<string, { n: number; flagged: number }>;

function rates(examples: readonly Example[], set: WeightSet): Rates {
  const s = scores(examples, set);
  return tally(
    examples.map((e, i) => ({ e, score: s[i] as number })),
    0.5,
  );
}

/** Share flagged at `threshold` per label and source family. */
function tally(scored: ReadonlyArray<{ e: Example; score: number }>, threshold: number): Rates {
  const out: Record<string, { n: number; hits: number }> = {};
  for (const { e, score } of scored) {
    const key = `${e.label}/${sourceFamily(e)}`;
    const r = (out[key] ??= { n: 0, hits: 0 });
    r.n++;
    if (score >= threshold) r.hits++;
  }
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, { n: out[k]?.n ?? 0, flagged: round((out[k]?.hits ?? 0) / (out[k]?.n ?? 1), 4) }]),
  );
}

export const HELD_OUT_SOURCES = ['HarmBench', 'DoNotAnswer', 'JailbreakBench', 'GPTFuzz', 'XSTest-unsafe'] as const;

export interface BuiltModel {
  json: string;
  report: string;
}

export function buildModel(): BuiltModel {
  const all = loadExamples();
  const loso: Record<string, Rates> = {};
  for (const held of HELD_OUT_SOURCES) {
    const isHeld = (e: Example): boolean => e.label === 'attack' && sourceFamily(e) === held;
    const { set } = trainCalibrated(all.filter((e) => !isHeld(e)));
    loso[held] = rates(all.filter(isHeld), set);
  }
  const { set: final, rawThreshold, heldOut } = trainCalibrated(all);
  const q = final.weights;
  const file = {
    format: 'warden-harmful-request/1',
    hashBits: HASH_BITS,
    window: WINDOW,
    stride: STRIDE,
    threshold: 0.5,
    seed: SEED,
    training: { ...TRAIN, maxWindowsPerDoc: MAX_WINDOWS_PER_DOC, projectWrittenWeight: PROJECT_WEIGHT, calibration: `${FOLDS}-fold cross-fitted, fold = fnv1a(group) % ${FOLDS}`, targets: Object.fromEntries(TARGETS.map((t) => [t.name, t.target])) },
    rawThreshold,
    crossValidated: heldOut,
    leaveOneSourceOut: loso,
    bias: final.bias,
    scale: final.scale,
    weights: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64'),
  };
  const lines = [`raw threshold ${rawThreshold}`, `${FOLDS}-fold cross-validated (each row scored by a model that never saw it):`, ...fmt(heldOut), 'leave-one-source-out recall (model trained without that source):'];
  for (const r of Object.values(loso)) lines.push(...fmt(r));
  return { json: `${JSON.stringify(file, null, 1)}\n`, report: lines.join('\n') };
}

function fmt(r: Rates): string[] {
  return Object.entries(r).map(([k, v]) => `  ${k.padEnd(36)} n=${String(v.n).padStart(5)} flagged=${v.flagged.toFixed(4)}`);
}
