/**
 * Averaged-perceptron token tagger for PERSON, LOCATION, ADDRESS, ORGANIZATION and DATE_TIME.
 * Greedy left-to-right decoding over hashed features; weights are int8, trained by
 * scripts/train-pii-tagger.ts and committed in tagger-weights.ts.
 */
import { features, MAX_FEATURES, NUM_CLASSES, TAGGER_CLASSES, tokenize, type Token } from './tagger-features.js';
import { TAGGER_MODEL } from './tagger-weights.js';

export interface TaggedSpan {
  entityType: string;
  start: number;
  end: number;
  /** Mean per-token confidence (logistic of the winning margin). */
  score: number;
}

export interface TaggerWeights {
  /** weights[bucket * NUM_CLASSES + class], in units of 1/scale. */
  weights: ArrayLike<number>;
  scale: number;
}

/** Best class and its logistic margin over the runner-up, per token. */
export function decode(tokens: readonly Token[], model: TaggerWeights): { classes: Uint8Array; confidence: Float32Array } {
  const classes = new Uint8Array(tokens.length);
  const confidence = new Float32Array(tokens.length);
  const feats = new Int32Array(MAX_FEATURES);
  const scores = new Float64Array(NUM_CLASSES);
  const w = model.weights;
  let prev = 0;
  let prev2 = 0;
  for (let i = 0; i < tokens.length; i++) {
    const n = features(tokens, i, prev, prev2, feats);
    scores.fill(0);
    for (let f = 0; f < n; f++) {
      const base = (feats[f] as number) * NUM_CLASSES;
      for (let c = 0; c < NUM_CLASSES; c++) scores[c] = (scores[c] as number) + (w[base + c] as number);
    }
    let best = 0;
    let second = -Infinity;
    for (let c = 1; c < NUM_CLASSES; c++) {
      const s = scores[c] as number;
      if (s > (scores[best] as number)) {
        second = scores[best] as number;
        best = c;
      } else if (s > second) second = s;
    }
    classes[i] = best;
    confidence[i] = 1 / (1 + Math.exp(-(((scores[best] as number) - second) / model.scale)));
    prev2 = prev;
    prev = best;
  }
  return { classes, confidence };
}

/** Merges runs of same-class tokens into spans. */
export function spansOf(tokens: readonly Token[], classes: Uint8Array, confidence: Float32Array): TaggedSpan[] {
  const out: TaggedSpan[] = [];
  let i = 0;
  while (i < tokens.length) {
    const c = classes[i] as number;
    if (c === 0) {
      i++;
      continue;
    }
    let j = i;
    let sum = 0;
    while (j < tokens.length && classes[j] === c) sum += confidence[j++] as number;
    out.push({
      entityType: TAGGER_CLASSES[c] as string,
      start: (tokens[i] as Token).start,
      end: (tokens[j - 1] as Token).end,
      score: Math.round((sum / (j - i)) * 100) / 100,
    });
    i = j;
  }
  return out;
}

let committed: TaggerWeights | undefined;

/** The committed model, decoded from base64 on first use. */
export function committedModel(): TaggerWeights {
  if (committed === undefined) {
    const bytes = Buffer.from(TAGGER_MODEL.weights, 'base64');
    committed = { weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length), scale: TAGGER_MODEL.scale };
  }
  return committed;
}

/** Entity spans found by the committed tagger. */
export function tagEntities(text: string, model: TaggerWeights = committedModel()): TaggedSpan[] {
  const tokens = tokenize(text);
  if (tokens.length === 0) return [];
  const { classes, confidence } = decode(tokens, model);
  return spansOf(tokens, classes, confidence);
}
