/** Validates a classifier file and decodes its weight sets (ngram-models.ts loads the committed one). */
import { z } from 'zod';
import { HASH_BITS, HASH_SIZE } from './features.js';
import { STRIDE, WINDOW, type WeightSet } from './windows.js';

export type SetName = 'direct' | 'indirect';

const weightSetSchema = z.object({
  bias: z.number(),
  scale: z.number().positive(),
  rawThreshold: z.number().min(0).max(1),
  weights: z.string(),
});

const modelSchema = z.object({
  format: z.literal('warden-injection-classifier/1'),
  hashBits: z.literal(HASH_BITS),
  window: z.literal(WINDOW),
  stride: z.literal(STRIDE),
  threshold: z.number().min(0).max(1),
  sets: z.object({ direct: weightSetSchema, indirect: weightSetSchema }),
});

export interface LoadedModel {
  /** Score at the calibrated operating point (the bias is shifted so it is the same for every set). */
  threshold: number;
  sets: Readonly<Record<SetName, WeightSet & { rawThreshold: number }>>;
}

function decode(name: SetName, set: z.infer<typeof weightSetSchema>): WeightSet & { rawThreshold: number } {
  const bytes = Buffer.from(set.weights, 'base64');
  if (bytes.length !== HASH_SIZE) {
    throw new Error(`injection-classifier: weight set "${name}" has ${bytes.length} weights, expected ${HASH_SIZE}; retrain with \`npm run train\``);
  }
  return { bias: set.bias, scale: set.scale, rawThreshold: set.rawThreshold, cues: name === 'indirect', weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
}

export function loadModel(raw: unknown): LoadedModel {
  const parsed = modelSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`injection-classifier: model file does not match this code (${parsed.error.issues[0]?.message ?? 'invalid'}); retrain with \`npm run train\``);
  }
  const m = parsed.data;
  return { threshold: m.threshold, sets: { direct: decode('direct', m.sets.direct), indirect: decode('indirect', m.sets.indirect) } };
}
