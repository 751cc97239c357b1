/** Every corpus source, in build order (earlier sources win dedup ties). */
import { ATTACK_BENCHMARKS } from './sources/attack-benchmarks.js';
import { ATTACK_COLLECTIONS } from './sources/attack-collections.js';
import { BENIGN_CHAT } from './sources/benign-chat.js';
import { BENIGN_DOCUMENTS } from './sources/benign-documents.js';
import { BENIGN_PROMPTS } from './sources/benign-prompts.js';
import { HUMAN_ADDRESSED } from './sources/human-addressed.js';
import { SECURITY_DOCS } from './sources/security-docs.js';
import { SYNTHESIZERS as GENERATORS } from './synth/index.js';
import type { SourceExtractor, Synthesizer } from './types.js';

/** Reserved for evaluation: never fetched, trained, tuned or thresholded on. */
export const RESERVED_REPOS: readonly string[] = [
  'meta-llama/PurpleLlama',
  'SaFoLab-WISC/InjecGuard',
  'Nannigalaxy/PII-synthetic_dataset',
];

export const SOURCES: readonly SourceExtractor[] = [
  ...ATTACK_BENCHMARKS,
  ...ATTACK_COLLECTIONS,
  ...BENIGN_DOCUMENTS,
  ...BENIGN_CHAT,
  ...BENIGN_PROMPTS,
  ...SECURITY_DOCS,
  ...HUMAN_ADDRESSED,
];

export const SYNTHESIZERS: readonly Synthesizer[] = GENERATORS;

export function assertNoReserved(sources: readonly SourceExtractor[]): void {
  const reserved = new Set(RESERVED_REPOS.map((r) => r.toLowerCase()));
  for (const s of sources) {
    if (reserved.has(s.repo.toLowerCase())) throw new Error(`corpus: ${s.repo} is reserved for evaluation and must not be used`);
  }
}
