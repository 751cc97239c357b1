/** llm-guard: every guard defaults on; only the jailbreak and prompt-injection guards are kept for a like-for-like comparison. */
import { LLMGuard } from 'llm-guard';
import type { Peer } from './types.js';

const guard = new LLMGuard({ jailbreak: true, promptInjection: true, pii: false, profanity: false, toxicity: false, relevance: false });

export const llmGuardPeer: Peer = {
  name: 'llm-guard',
  config: 'jailbreak + promptInjection guards (pii, profanity, toxicity, relevance off)',
  predict: async (text) => !(await guard.validate(text)).isValid,
};
