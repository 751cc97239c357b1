import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rowsFor } from '../../../scripts/classifier/build.js';
import { loadProjectWritten, TRAINING_DIR } from '../../../scripts/classifier/data.js';
import { quantizeBag, trainBag, type BagOptions } from '../../../scripts/classifier/embedding-train.js';
import { normalize } from './normalize.js';
import { scoreBestWindowBag } from './embedding-bag.js';

/** Committed project-written files as the fixture: small, and part of the repository. */
const fixture = () => loadProjectWritten(TRAINING_DIR, (f) => f === 'english-direct-injections.jsonl' || f === 'english-benign-hard.jsonl');
const OPTS: BagOptions = { dim: 4, hidden: 4, epochs: 2, learningRate: 0.2, embeddingBoost: 50, seed: 7 };

function trainedHash(): string {
  const bag = quantizeBag(trainBag(rowsFor(fixture(), false), OPTS), false);
  const hash = createHash('sha256');
  for (const part of [bag.embeddings, bag.w1, bag.b1, bag.w2, Float64Array.of(bag.scale, bag.b2)]) hash.update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  return hash.digest('hex');
}

describe('embedding-bag training', () => {
  it('is deterministic: two trainings give the same bytes, and the committed hash', () => {
    const first = trainedHash();
    expect(trainedHash()).toBe(first);
    expect(first).toBe('804676eb5e4e0caa5104df9fdc04e6ecb73b039c62264e63b57068367c6d580d');
  });

  it('learns the fixture and scores through the inference code', () => {
    const rows = fixture();
    const bag = quantizeBag(trainBag(rowsFor(rows, false), { ...OPTS, dim: 8, hidden: 8, epochs: 30 }), false);
    const mean = (label: string) => {
      const picked = rows.filter((e) => e.label === label);
      return picked.reduce((a, e) => a + scoreBestWindowBag(normalize(e.text), bag).score, 0) / picked.length;
    };
    expect(mean('attack')).toBeGreaterThan(mean('benign') + 0.2);
  });
});
