import type { Detector } from '../spec/types.js';
import { promptInjection } from './prompt-injection.js';
import { createInjectionClassifier, injectionClassifier } from './injection-classifier.js';
import { obfuscation } from './obfuscation.js';
import { pii } from './pii.js';
import { secrets } from './secrets.js';
import { createDenylist, denylist, type DenylistOptions } from './denylist.js';
import { createToxicity, toxicity } from './toxicity.js';
import { LEXICON, type LexiconEntry } from './toxicity/lexicon.js';
import { tokenLimit } from './token-limit.js';
import { systemPromptLeak } from './system-prompt-leak.js';
import { canaryToken } from './canary-token.js';
import { exfilUrl } from './exfil-url.js';
import { codeOutput } from './code-output.js';
import { createHarmfulRequest, harmfulRequest } from './harmful-request.js';
import { COMMITTED_MODEL_FILES, loadNgramModels } from './ngram-models.js';
import { restrictedContent } from './restricted-content.js';

/** Every built-in detector, explicitly listed. The id of each equals its file name. */
export const BUILTIN_DETECTORS: readonly Detector[] = [
  obfuscation,
  tokenLimit,
  promptInjection,
  secrets,
  pii,
  denylist,
  toxicity,
  canaryToken,
  exfilUrl,
  systemPromptLeak,
  restrictedContent,
  codeOutput,
  injectionClassifier,
  harmfulRequest,
] as unknown as readonly Detector[];

/** What a rule pack (docs/rule-packs.md) changes in the built-in detectors, each part already validated. */
export interface DetectorContent {
  /** Model files (JSON) replacing the committed ones. */
  models?: { injection?: unknown; harmful?: unknown };
  /** Lists added to every policy's denylist. */
  denylist?: DenylistOptions;
  /** Terms added to the toxicity lexicon. */
  toxicity?: readonly LexiconEntry[];
}

/** The built-in detectors with `content` applied: the same ids and order as BUILTIN_DETECTORS. */
export function builtinDetectors(content: DetectorContent | undefined): readonly Detector[] {
  if (content === undefined) return BUILTIN_DETECTORS;
  const replaced = new Map<string, unknown>();
  const m = content.models;
  if (m?.injection !== undefined || m?.harmful !== undefined) {
    const models = loadNgramModels(m.injection ?? COMMITTED_MODEL_FILES.injection, m.harmful ?? COMMITTED_MODEL_FILES.harmful);
    replaced.set(injectionClassifier.id, createInjectionClassifier(models.injection));
    replaced.set(harmfulRequest.id, createHarmfulRequest(models.harmful));
  }
  if (content.denylist !== undefined) replaced.set(denylist.id, createDenylist(content.denylist));
  if (content.toxicity !== undefined && content.toxicity.length > 0) replaced.set(toxicity.id, createToxicity([...LEXICON, ...content.toxicity]));
  return BUILTIN_DETECTORS.map((d) => (replaced.get(d.id) as Detector | undefined) ?? d);
}
