/**
 * injection-classifier: a hashed n-gram logistic regression trained by scripts/train-classifier.ts.
 * Two weight sets: `direct` for user input, `indirect` for retrieved documents and tool results.
 * Long texts are scored per sliding window and the best window wins (no dilution), in linear time.
 */
import { z } from 'zod';
import type { Detector, Stage } from '../spec/types.js';
import type { LoadedModel, SetName } from './injection-classifier/model.js';
import { MODEL } from './ngram-models.js';
import { scanInput } from './injection-classifier/scan-cache.js';
import { scoreBestWindow } from './injection-classifier/windows.js';

/** The calibrated default threshold (FPR <= 1 % benign, <= 5 % benign_hard on the validation fold). */
export const INJECTION_CLASSIFIER_THRESHOLD = MODEL.threshold;

const options = z.object({
  model: z
    .enum(['auto', 'direct', 'indirect'])
    .default('auto')
    .describe('Weight set: auto = direct for input, indirect for retrieved/tool_result/output'),
  max_chars: z
    .number()
    .int()
    .positive()
    .default(200_000)
    .describe('Only the first max_chars characters are scored, capping the cost of huge inputs'),
});

/**
 * A tool definition's name slot (`send_email`) is an identifier, not a sentence: the indirect weights, learned
 * from injected prose that asks the model to call such tools, scored it 0.91 and refused every request offering
 * it. Identifiers there are left to the rule detectors, which read them with their separators folded.
 */
const IDENTIFIER = /^[\p{L}\p{N}_.:/-]{1,64}$/u;

function setFor(stage: Stage, choice: 'auto' | SetName): SetName {
  if (choice !== 'auto') return choice;
  return stage === 'input' ? 'direct' : 'indirect';
}

/** The detector scoring with `model` (a rule pack's weights; `injectionClassifier` has the committed ones). */
export function createInjectionClassifier(loaded: LoadedModel): Detector<typeof options.shape> {
  return {
    id: 'injection-classifier',
    stages: ['input', 'retrieved', 'tool_result'],
    cost: 2,
    description: 'Trained n-gram classifier for prompt injection and jailbreaks (direct and indirect weight sets)',
    options,
    scansVariants: false,
    scan(text, ctx) {
      const { model, max_chars: maxChars } = ctx.settings.options;
      if (ctx.stage === 'tool_definition' && IDENTIFIER.test(text.trim())) return [];
      const set = setFor(ctx.stage, model);
      const weights = loaded.sets[set];
      const { norm, features } = scanInput(text.length > maxChars ? text.slice(0, maxChars) : text, weights.cues, ctx.scanId);
      if (norm.length === 0) return [];
      const best = scoreBestWindow(norm, weights, features);
      if (best.score < ctx.settings.threshold) return [];
      const start = norm.offsets[best.start] ?? 0;
      const end = best.end >= norm.length ? Math.min(text.length, maxChars) : (norm.offsets[best.end] ?? text.length);
      return [
        {
          ruleId: `injection-classifier/${set}`,
          score: Number(best.score.toFixed(4)),
          spans: [{ start, end }],
          message: `classifier (${set} weights) scores this text as an injection/jailbreak: ${best.score.toFixed(2)}`,
          redactable: false,
        },
      ];
    },
  };
}

export const injectionClassifier = createInjectionClassifier(MODEL);
