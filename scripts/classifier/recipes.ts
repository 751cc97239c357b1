/** The training recipes the LOSO harness compares; each trains both weight sets the way `npm run train` does. */
import { normalize } from '../../src/detectors/injection-classifier/normalize.js';
import { scoreBestWindow, type WeightSet } from '../../src/detectors/injection-classifier/windows.js';
import { scoreBestWindowBag, type EmbeddingBag } from '../../src/detectors/injection-classifier/embedding-bag.js';
import { trainCalibrated, UNWEIGHTED, WEIGHTING, type Weighting } from './build.js';
import { trainCalibratedBag } from './embedding-build.js';
import { payloadContrastPairs } from './contrast.js';
import { REAL_DOCUMENT_SOURCES } from './document-sources.js';
import { fnv1a, type Example, type SetName } from './data.js';
import type { Recipe, Scorer } from './loso.js';

/** Both weight sets of the logistic regression, trained with `weighting`. */
function fitLogreg(trainFold: readonly Example[], valFold: readonly Example[], weighting: Weighting): Scorer {
  const sets: Record<SetName, WeightSet> = { direct: trainCalibrated(trainFold, valFold, 'direct', weighting).final, indirect: trainCalibrated(trainFold, valFold, 'indirect', weighting).final };
  return (text, set) => scoreBestWindow(normalize(text), sets[set]).score;
}

/** Hashed n-grams + logistic regression, max over sliding windows, weighted as shipped (build.ts WEIGHTING). */
export const logregRecipe: Recipe = { name: 'logreg', fit: (trainFold, valFold) => fitLogreg(trainFold, valFold, WEIGHTING) };

/** The same without the non-English attack weight: the model shipped until session 12. */
export const logregUnweightedRecipe: Recipe = { name: 'logreg-unweighted', fit: (trainFold, valFold) => fitLogreg(trainFold, valFold, UNWEIGHTED) };

/**
 * Unweighted but with each source group's weight per label damped to n^0.5 (build.ts sourceWeights), so GPTeacher,
 * xquad or spikee do not set the boundary alone. Measured and not adopted (docs/decisions/classifier.md, session 12).
 */
export const logregSourceBalancedRecipe: Recipe = { name: 'logreg-source-balanced', fit: (trainFold, valFold) => fitLogreg(trainFold, valFold, { ...UNWEIGHTED, sourcePower: 0.5 }) };

const CONTRAST_PAIRS = payloadContrastPairs();

/** The shipped recipe plus the payload contrast pairs (contrast.ts) in every training fold. Measured, not shipped (session 14). */
export const logregContrastRecipe: Recipe = { name: 'logreg-contrast', fit: (trainFold, valFold) => logregRecipe.fit([...trainFold, ...CONTRAST_PAIRS], valFold) };

/** Benign rows of real-document sources also train and calibrate the `indirect` set. */
const asDocumentToo = (e: Example): Example =>
  e.label === 'benign' && !e.sets.includes('indirect') && REAL_DOCUMENT_SOURCES[e.source.split(':')[0] ?? ''] !== undefined ? { ...e, sets: [...e.sets, 'indirect'] } : e;

/**
 * The shipped recipe with web pages, e-mails, code, paragraphs and security docs on the `indirect` set's benign side
 * (session 8 tried it when document FPR was measured on synthetic and BIPIA documents only; session 15 measures
 * document thresholds and FPR on real documents too).
 */
export const logregRealDocumentsRecipe: Recipe = { name: 'logreg-real-documents', fit: (trainFold, valFold) => logregRecipe.fit(trainFold.map(asDocumentToo), valFold.map(asDocumentToo)) };

/**
 * The same with only half of the real-document sources (by a hash of the group) training the `indirect` set: the other
 * half is never trained on, so the document thresholds LOSO chooses rest partly on sources the set has not seen.
 */
const trainsIndirect = (e: Example): boolean => fnv1a(e.source.split(':')[0] ?? '') % 2 === 1;
export const logregRealDocumentsHalfRecipe: Recipe = {
  name: 'logreg-real-documents-half',
  fit: (trainFold, valFold) => logregRecipe.fit(trainFold.map((e) => (trainsIndirect(e) ? asDocumentToo(e) : e)), valFold.map((e) => (trainsIndirect(e) ? asDocumentToo(e) : e))),
};

const notCorpus = (e: Example): boolean => !e.id.startsWith('corpus-');

/**
 * The logistic regression trained and calibrated without training/corpus/, as shipped before session 8: LOSO
 * still scores it on the corpus groups (text it never saw), so both recipes are compared on the same folds.
 */
export const logregNoCorpusRecipe: Recipe = {
  name: 'logreg-nocorpus',
  fit(trainFold, valFold) {
    return logregUnweightedRecipe.fit(trainFold.filter(notCorpus), valFold.filter(notCorpus));
  },
};

/** fastText-style embedding bag with a hidden layer over the same features and windows. */
export const embeddingRecipe: Recipe = {
  name: 'embedding',
  fit(trainFold, valFold) {
    const sets: Record<SetName, EmbeddingBag> = { direct: trainCalibratedBag(trainFold, valFold, 'direct').final, indirect: trainCalibratedBag(trainFold, valFold, 'indirect').final };
    return (text, set) => scoreBestWindowBag(normalize(text), sets[set]).score;
  },
};

const logitOf = (p: number): number => Math.log(Math.max(1e-9, p) / Math.max(1e-9, 1 - p));

/** Both models, each calibrated to 0.5, combined by the mean of their best windows' logits. */
export const ensembleRecipe: Recipe = {
  name: 'ensemble',
  fit(trainFold, valFold) {
    const a = logregRecipe.fit(trainFold, valFold);
    const b = embeddingRecipe.fit(trainFold, valFold);
    return (text, set) => 1 / (1 + Math.exp(-(logitOf(a(text, set)) + logitOf(b(text, set))) / 2));
  },
};
