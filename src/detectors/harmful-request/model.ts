/**
 * Validates a harmful-request model file and decodes its weights (ngram-models.ts loads the committed one).
 * Every sentence is also scored on its own, so a request at the end of a long message is not diluted by
 * its neighbours.
 */
import { z } from 'zod';
import { HASH_BITS, HASH_SIZE } from '../injection-classifier/features.js';
import { STRIDE, WINDOW, type WeightSet } from '../injection-classifier/windows.js';

const modelSchema = z.object({
  format: z.literal('warden-harmful-request/1'),
  hashBits: z.literal(HASH_BITS),
  window: z.literal(WINDOW),
  stride: z.literal(STRIDE),
  threshold: z.number().min(0).max(1),
  bias: z.number(),
  scale: z.number().positive(),
  weights: z.string(),
});

export interface HarmfulModel {
  /** Score at the calibrated operating point (the bias is shifted so it is 0.5). */
  threshold: number;
  set: WeightSet;
}

export function loadHarmfulModel(raw: unknown): HarmfulModel {
  const parsed = modelSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`harmful-request: model file does not match this code (${parsed.error.issues[0]?.message ?? 'invalid'}); retrain with \`npm run train:harmful\``);
  }
  const m = parsed.data;
  const bytes = Buffer.from(m.weights, 'base64');
  if (bytes.length !== HASH_SIZE) {
    throw new Error(`harmful-request: model has ${bytes.length} weights, expected ${HASH_SIZE}; retrain with \`npm run train:harmful\``);
  }
  return { threshold: m.threshold, set: { bias: m.bias, scale: m.scale, cues: false, sentences: true, weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length) } };
}
