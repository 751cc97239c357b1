/** Trains and calibrates one embedding-bag weight set, the way build.ts does for the logistic regression. */
import { scoreBestWindowBag, type EmbeddingBag } from '../../src/detectors/injection-classifier/embedding-bag.js';
import { logit, round, rowsFor, scoreAllWith, SEED } from './build.js';
import type { Example, SetName } from './data.js';
import { quantizeBag, trainBag, type BagOptions } from './embedding-train.js';
import { calibrate } from './metrics.js';

export const BAG: BagOptions = {
  dim: Number(process.env['BAG_DIM'] ?? 16),
  hidden: Number(process.env['BAG_HIDDEN'] ?? 32),
  epochs: Number(process.env['BAG_EPOCHS'] ?? 6),
  learningRate: Number(process.env['BAG_LR'] ?? 0.2),
  embeddingBoost: Number(process.env['BAG_BOOST'] ?? 50),
  seed: SEED,
};

export interface CalibratedBag {
  final: EmbeddingBag;
  rawThreshold: number;
}

export function trainCalibratedBag(trainFold: readonly Example[], valFold: readonly Example[], set: SetName, opts: BagOptions = BAG): CalibratedBag {
  const cues = set === 'indirect';
  const raw = quantizeBag(trainBag(rowsFor(trainFold.filter((e) => e.sets.includes(set)), cues), opts), cues);
  const rawThreshold = round(calibrate(scoreAllWith(valFold, set, (norm) => scoreBestWindowBag(norm, raw).score), set), 10);
  // Shift the output bias so the calibrated operating point sits at 0.5, the policy's default threshold.
  return { final: { ...raw, b2: round(raw.b2 - logit(rawThreshold), 6) }, rawThreshold };
}
