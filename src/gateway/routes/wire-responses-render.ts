/** Response objects of the OpenAI Responses API, built from the canonical result; shared by answers and streams. */
import { randomUUID } from 'node:crypto';
import type { ToolCall } from '../../spec/tools.js';
import type { FinishReason, Usage } from '../upstreams/types.js';
import { obj, type Json } from '../upstreams/json.js';
import { withFields } from '../../core/objects.js';

/** An id in the Responses API's style (`resp_…`, `msg_…`, `fc_…`). */
export function itemId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '')}`;
}

/** The upstream's id when it is a Responses id (native upstreams), a new one otherwise (translated answers). */
export function responseId(id: string): string {
  return id.startsWith('resp_') ? id : itemId('resp');
}

export function usageJson(u: Usage | undefined): Json | null {
  if (u === undefined) return null;
  return {
    input_tokens: u.promptTokens,
    input_tokens_details: { cached_tokens: u.cacheReadTokens ?? 0 },
    output_tokens: u.completionTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
    total_tokens: u.promptTokens + u.completionTokens,
  };
}

export function messageItem(id: string, text: string, status: 'in_progress' | 'completed'): Json {
  const content = status === 'completed' ? [outputText(text)] : [];
  return { id, type: 'message', status, role: 'assistant', content };
}

export function outputText(text: string): Json {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function functionCallItem(id: string, call: ToolCall, status: 'in_progress' | 'completed'): Json {
  return { id, type: 'function_call', status, call_id: call.id, name: call.name, arguments: status === 'completed' ? call.arguments : '' };
}

/** `status` and `incomplete_details` from the finish reason: a length stop or a policy block is "incomplete". */
export function statusOf(finish: FinishReason | undefined): { status: string; incomplete_details: Json | null } {
  if (finish === undefined) return { status: 'in_progress', incomplete_details: null };
  if (finish === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finish === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

export interface ResponseParts {
  id: string;
  model: string;
  createdAt: number;
  output: Json[];
  finish?: FinishReason;
  usage?: Usage;
  /** Whether the upstream keeps the response (native upstreams only). */
  stored: boolean;
}

/** The response object; the request's settings are echoed as the Responses API does. */
export function responseObject(p: ResponseParts, body: Json): Json {
  const echo = (k: string, fallback: unknown): unknown => body[k] ?? fallback;
  const status = statusOf(p.finish);
  return {
    id: p.id,
    object: 'response',
    created_at: p.createdAt,
    status: status.status,
    incomplete_details: status.incomplete_details,
    error: null,
    instructions: echo('instructions', null),
    max_output_tokens: echo('max_output_tokens', null),
    model: p.model,
    output: p.output,
    parallel_tool_calls: echo('parallel_tool_calls', true),
    previous_response_id: echo('previous_response_id', null),
    reasoning: echo('reasoning', { effort: null, summary: null }),
    store: p.stored && body.store !== false,
    temperature: echo('temperature', 1),
    text: withFields({ format: { type: 'text' } }, obj(body.text)),
    tool_choice: echo('tool_choice', 'auto'),
    tools: echo('tools', []),
    top_p: echo('top_p', 1),
    truncation: echo('truncation', 'disabled'),
    usage: p.finish === undefined ? null : usageJson(p.usage),
    user: echo('user', null),
    metadata: echo('metadata', {}),
  };
}
