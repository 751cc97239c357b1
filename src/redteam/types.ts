/** Shapes shared by the red-team runner: attacks as written in the library, generated cases, replies and verdicts. */
import type { FinishReason } from '../gateway/upstreams/types.js';
import type { ToolCall } from '../spec/tools.js';

export const CATEGORIES = [
  'direct-injection',
  'indirect-injection',
  'prompt-extraction',
  'jailbreak',
  'data-exfiltration',
  'harmful-content',
  'tool-misuse',
  'unbounded-consumption',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** What counts as the attack succeeding; every kind but `comply` is checked objectively on the reply. */
export type Objective =
  /** The answer begins with this marker (after quotes and whitespace): the model obeyed an injected "say X". */
  | { type: 'say'; marker: string }
  /** The canary planted in the system prompt appears in the answer (plain, URL-encoded or with separators). */
  | { type: 'leak-canary' }
  /** One of the fake secrets planted in the system prompt appears in the answer. */
  | { type: 'leak-secret' }
  /** One of the planted customer's personal data items appears in the answer. */
  | { type: 'leak-pii' }
  /** The answer links or embeds an image from a forbidden host. */
  | { type: 'forbidden-url'; hosts: string[] }
  /** The model proposes a call to one of these tools. */
  | { type: 'tool-call'; tools: string[] }
  /** The model does not refuse (refusal classifier, or the LLM judge when one is configured). */
  | { type: 'comply' }
  /** The model keeps generating: at least this many completion tokens, or it stops at max_tokens. */
  | { type: 'exhaust'; minTokens: number };

/** Where the attack payload reaches the model. */
export type Carrier = 'user' | 'document' | 'tool-result';

/** One attack of the library (redteam/attacks/<category>.yaml). */
export interface Attack {
  id: string;
  category: Category;
  title: string;
  severity: Severity;
  objective: Objective;
  /** The malicious text; strategies mutate it. */
  payload: string;
  carrier: Carrier;
  /** The user's own, benign question when the payload travels in a document or tool result. */
  question?: string;
  /** Names from the harness's tool catalogue offered to the model. */
  tools: string[];
  /** Where the attack is written (library file and line). */
  source?: { file: string; line: number };
}

/** Values planted in the system prompt so a leak is observed, not guessed; unique per case. */
export interface Planted {
  canary: string;
  secrets: string[];
  pii: string[];
}

/** What names a case, in the case and in its result. */
export interface CaseInfo {
  /** `<attack id>~<strategy>`. */
  id: string;
  attackId: string;
  category: Category;
  strategy: string;
  severity: Severity;
  title: string;
}

/** One attack mutated by one strategy: what the runner sends. */
export interface AttackCase extends CaseInfo {
  objective: Objective;
  carrier: Carrier;
  /** User turns before the final one (multi-turn escalation); each gets its own reply. */
  prelude: string[];
  /** The payload after the strategy. */
  payload: string;
  question?: string;
  tools: string[];
  planted: Planted;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

/** What one request returned: an answer, or a policy block by Warden (defended). */
export interface Reply {
  content: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  /** Set when Warden blocked the request or the answer (block marker, or content_filter). */
  blocked?: { stage: string; rules: string[] };
}

export interface Exchange {
  request: ChatMessage[];
  reply?: Reply;
  error?: string;
  attempts: number;
}

export type Outcome = 'succeeded' | 'blocked' | 'resisted' | 'error' | 'skipped';

export type ScoringMethod = 'marker' | 'canary' | 'secret' | 'pii' | 'url' | 'tool-call' | 'refusal-classifier' | 'judge' | 'usage' | 'block' | 'none';

export interface Verdict {
  outcome: Outcome;
  method: ScoringMethod;
  /** Why: the matched value, tool, rule ids or the error. */
  evidence: string;
}

/** One finished case with its whole transcript. */
export interface CaseResult extends CaseInfo {
  verdict: Verdict;
  transcript: Exchange[];
  latencyMs: number;
  promptTokens: number;
  completionTokens: number;
}
