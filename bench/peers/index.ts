import { llmGuardPeer } from './llm-guard.js';
import { llmGuardrailPeer } from './llm-guardrail.js';
import type { Peer } from './types.js';
import { vardPeer } from './vard.js';

/** Offline peers run side by side with Warden on the same classification files. */
export const PEERS: readonly Peer[] = [vardPeer, llmGuardPeer, llmGuardrailPeer];
export type { Peer };
