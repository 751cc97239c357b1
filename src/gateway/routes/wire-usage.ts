/**
 * Usage objects in each protocol. A usage the provider sent in the client's protocol is relayed as sent; one from
 * the other protocol is mapped where the fields have an equivalent: OpenAI counts cached tokens inside
 * `prompt_tokens`, Anthropic counts cache reads and writes beside `input_tokens`; `reasoning_tokens` and
 * `cache_creation_input_tokens` have no counterpart and are left out.
 */
import type { Json } from '../upstreams/json.js';
import type { Usage } from '../upstreams/types.js';

export function openaiUsageJson(u: Usage): Json {
  if (u.native?.protocol === 'openai') return u.native.body;
  const prompt = u.promptTokens + (u.cacheReadTokens ?? 0) + (u.cacheWriteTokens ?? 0);
  const out: Json = { prompt_tokens: prompt, completion_tokens: u.completionTokens, total_tokens: prompt + u.completionTokens };
  if (u.cacheReadTokens !== undefined) out.prompt_tokens_details = { cached_tokens: u.cacheReadTokens };
  if (u.reasoningTokens !== undefined) out.completion_tokens_details = { reasoning_tokens: u.reasoningTokens };
  return out;
}

/** Anthropic clients expect a usage object on every answer: without the provider's, the counts are zero. */
export function anthropicUsageJson(u: Usage | undefined): Json {
  if (u === undefined) return { input_tokens: 0, output_tokens: 0 };
  if (u.native?.protocol === 'anthropic') return u.native.body;
  const cached = u.cacheReadTokens;
  const out: Json = { input_tokens: Math.max(0, u.promptTokens - (cached ?? 0)), output_tokens: u.completionTokens };
  if (cached !== undefined) out.cache_read_input_tokens = cached;
  return out;
}
