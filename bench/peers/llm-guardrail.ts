/** llm_guardrail: TF-IDF + logistic regression models for injection, jailbreak and malicious content (checkAll). */
import { checkAll } from 'llm_guardrail';
import type { Peer } from './types.js';

export const llmGuardrailPeer: Peer = {
  name: 'llm_guardrail',
  config: 'checkAll (injection + jailbreak + malicious models, default 0.5 cut-off)',
  predict: async (text) => !(await checkAll(text)).allowed,
};
