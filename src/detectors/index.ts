import type { Detector } from '../spec/types.js';
import { promptInjection } from './prompt-injection.js';
import { injectionClassifier } from './injection-classifier.js';
import { obfuscation } from './obfuscation.js';
import { pii } from './pii.js';
import { secrets } from './secrets.js';
import { denylist } from './denylist.js';
import { toxicity } from './toxicity.js';
import { tokenLimit } from './token-limit.js';
import { systemPromptLeak } from './system-prompt-leak.js';
import { canaryToken } from './canary-token.js';
import { exfilUrl } from './exfil-url.js';
import { codeOutput } from './code-output.js';
import { harmfulRequest } from './harmful-request.js';
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
