/**
 * harmful-request: requests FOR harmful content (weapons, malware, drugs, violence, self-harm...), as
 * opposed to injections. A hashed n-gram logistic regression trained by scripts/train-harmful.ts with
 * the injection classifier's features, on harmful requests against benign-but-scary contrasts
 * ("how do I kill a Python process"). Content policy: the default preset flags, strict blocks.
 */
import { z } from 'zod';
import type { Detector } from '../spec/types.js';
import { scanInput } from './injection-classifier/scan-cache.js';
import { scoreBestWindow } from './injection-classifier/windows.js';
import { harmCategory } from './harmful-request/categories.js';
import { HARMFUL_MODEL } from './ngram-models.js';
import type { HarmfulModel } from './harmful-request/model.js';

export { HARM_CATEGORY_PATTERNS } from './harmful-request/categories.js';

/** The calibrated default threshold (held-out FPR <= 0.2 % benign, <= 3 % XSTest safe). */
export const HARMFUL_REQUEST_THRESHOLD = HARMFUL_MODEL.threshold;

const options = z.object({
  max_chars: z
    .number()
    .int()
    .positive()
    .default(20_000)
    .describe('Only the first max_chars characters are scored, capping the cost of huge inputs'),
});

/** The detector scoring with `model` (a rule pack's weights; `harmfulRequest` has the committed ones). */
export function createHarmfulRequest(model: HarmfulModel): Detector<typeof options.shape> {
  return {
    id: 'harmful-request',
    stages: ['input'],
    cost: 2,
    description: 'Trained n-gram classifier for requests for harmful content (weapons, cyber, drugs, violence, self-harm, hate...)',
    options,
    scansVariants: false,
    scan(text, ctx) {
      const maxChars = ctx.settings.options.max_chars;
      const scanned = text.length > maxChars ? text.slice(0, maxChars) : text;
      const { norm, features } = scanInput(scanned, model.set.cues, ctx.scanId);
      if (norm.length === 0) return [];
      const best = scoreBestWindow(norm, model.set, features);
      if (best.score < ctx.settings.threshold) return [];
      const start = norm.offsets[best.start] ?? 0;
      const end = best.end >= norm.length ? scanned.length : (norm.offsets[best.end] ?? scanned.length);
      const category = harmCategory(text.slice(start, end));
      return [
        {
          ruleId: `harmful-request/${category}`,
          score: Number(best.score.toFixed(4)),
          spans: [{ start, end }],
          message: `classifier scores this as a request for harmful content (${category}): ${best.score.toFixed(2)}`,
          redactable: false,
        },
      ];
    },
  };
}

export const harmfulRequest = createHarmfulRequest(HARMFUL_MODEL);
