/**
 * The provider's own Responses API (POST {base_url}/responses), for upstreams configured with `responses: true`.
 * Requests go as the client sent them (after the input scan); answers and streams are read into the canonical
 * result and events, so the output scan, tool-call checks and renderers are the ones every route uses.
 */
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../errors.js';
import { parseEventJson, readSse } from '../stream/sse.js';
import { UpstreamHttp, joinUrl, readJson, type HttpTimeouts } from './http.js';
import { arr, num, obj, str, type Json } from './json.js';
import { mapErrors } from './openai.js';
import type { ToolCall } from '../../spec/tools.js';
import type { ChatResult, FinishReason, Reasoning, StreamEvent, UpstreamCall, UpstreamEndpoint, Usage } from './types.js';
import { withFields } from '../../core/objects.js';

export interface ResponsesEndpointOptions {
  name: string;
  baseUrl: string;
  apiKey?: string;
  timeouts: HttpTimeouts;
}

function usageOf(v: unknown): Usage | undefined {
  const u = obj(v);
  const p = num(u.input_tokens);
  const c = num(u.output_tokens);
  if (p === undefined && c === undefined) return undefined;
  const usage: Usage = { promptTokens: p ?? 0, completionTokens: c ?? 0 };
  const cached = num(obj(u.input_tokens_details).cached_tokens);
  const reasoning = num(obj(u.output_tokens_details).reasoning_tokens);
  if (cached !== undefined) usage.cacheReadTokens = cached;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  return usage;
}

/** A failed response, or one cut short for a reason other than its length, is the provider's error. */
function finishOf(r: Json, hasCalls: boolean): FinishReason {
  if (r.status === 'failed') {
    throw new GatewayError('upstream_error', `Upstream response failed: ${str(obj(r.error).message) ?? 'no error message'}`);
  }
  const reason = obj(r.incomplete_details).reason;
  if (r.status === 'incomplete') return reason === 'content_filter' ? 'content_filter' : 'length';
  return hasCalls ? 'tool_calls' : 'stop';
}

/** The text of a message item: its output_text parts, or its refusal. */
export function messageText(item: Json): string {
  return arr(item.content)
    .map(obj)
    .map((p) => (p.type === 'output_text' ? (str(p.text) ?? '') : p.type === 'refusal' ? (str(p.refusal) ?? '') : ''))
    .join('');
}

function toolCall(item: Json): ToolCall {
  return { id: str(item.call_id) ?? `call_${randomUUID()}`, name: str(item.name) ?? '', arguments: str(item.arguments) ?? '' };
}

/** Summary parts of one reasoning item are read as one thinking text, paragraphs apart. */
const SUMMARY_SEPARATOR = '\n\n';

/** A reasoning item as thinking: its summary texts (scanned as output), its encrypted content as the signature. */
export function reasoningOf(item: Json): Extract<Reasoning, { type: 'thinking' }> {
  const text = arr(item.summary)
    .map((p) => str(obj(p).text) ?? '')
    .join(SUMMARY_SEPARATOR);
  const signature = str(item.encrypted_content);
  return signature === undefined ? { type: 'thinking', text } : { type: 'thinking', text, signature };
}

/** Reads a Responses API response object; output items other than messages, function calls and reasoning stay with the provider. */
export function parseResponsesObject(body: unknown): ChatResult {
  const r = obj(body);
  if (!Array.isArray(r.output)) throw new GatewayError('upstream_bad_response', 'Upstream response has no output array.');
  const items = r.output.map(obj);
  const toolCalls = items.filter((i) => i.type === 'function_call').map(toolCall);
  return {
    id: str(r.id) ?? `resp_${randomUUID()}`,
    model: str(r.model) ?? '',
    content: items
      .filter((i) => i.type === 'message')
      .map(messageText)
      .join(''),
    toolCalls,
    finishReason: finishOf(r, toolCalls.length > 0),
    usage: usageOf(r.usage),
    reasoning: items.filter((i) => i.type === 'reasoning').map(reasoningOf),
    // The whole object, so the Responses renderer passes on what the gateway does not rewrite (wire-responses-native.ts).
    native: { protocol: 'openai', body: r },
  };
}

/**
 * Turns Responses API stream events into canonical stream events. The start event's `native` body is the provider's
 * response as the stream has built it so far: its `output` gains each item as the provider adds it, so the renderer,
 * which opens an item only after the events that precede its text, gives it the provider's item id.
 */
export async function* responsesEvents(body: AsyncIterable<Buffer>): AsyncGenerator<StreamEvent> {
  // Function calls by item id: their canonical index, and whether argument deltas came (else output_item.done has them).
  const calls = new Map<string, { index: number; streamed: boolean }>();
  const output: Json[] = [];
  for await (const e of readSse(body)) {
    const ev = parseEventJson(e);
    const type = str(ev.type) ?? e.event;
    if (type === 'error') throw new GatewayError('upstream_error', `Upstream stream error: ${str(ev.message) ?? str(obj(ev.error).message) ?? 'unknown'}`);
    if (type === 'response.output_item.added') output.push(obj(ev.item));
    if (type === 'response.created') {
      const r = obj(ev.response);
      yield { type: 'start', id: str(r.id) ?? `resp_${randomUUID()}`, model: str(r.model) ?? '', native: { protocol: 'openai', body: withFields(r, { output }) } };
    } else if (type === 'response.output_text.delta' || type === 'response.refusal.delta') {
      const text = str(ev.delta);
      if (text) yield { type: 'text', text };
    } else if (type === 'response.reasoning_summary_text.delta') {
      const text = str(ev.delta);
      if (text) yield { type: 'thinking', text };
    } else if (type === 'response.reasoning_summary_part.added' && (num(ev.summary_index) ?? 0) > 0) {
      yield { type: 'thinking', text: SUMMARY_SEPARATOR };
    } else if (type === 'response.output_item.done' && obj(ev.item).type === 'reasoning') {
      yield { type: 'thinking_end', signature: str(obj(ev.item).encrypted_content) };
    } else if (type === 'response.output_item.added' && obj(ev.item).type === 'function_call') {
      const item = obj(ev.item);
      const index = calls.size;
      calls.set(str(item.id) ?? String(index), { index, streamed: false });
      yield { type: 'tool', index, id: str(item.call_id), name: str(item.name), args: str(item.arguments) ?? '' };
    } else if (type === 'response.function_call_arguments.delta') {
      const call = calls.get(str(ev.item_id) ?? '');
      if (call === undefined) throw new GatewayError('upstream_bad_response', 'Upstream sent arguments for a function call it never opened.');
      call.streamed = true;
      yield { type: 'tool', index: call.index, args: str(ev.delta) ?? '' };
    } else if (type === 'response.output_item.done' && obj(ev.item).type === 'function_call') {
      const call = calls.get(str(obj(ev.item).id) ?? '');
      if (call !== undefined && !call.streamed) yield { type: 'tool', index: call.index, args: str(obj(ev.item).arguments) ?? '' };
    } else if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
      const r = obj(ev.response);
      yield { type: 'end', finishReason: finishOf(r, calls.size > 0), usage: usageOf(r.usage) };
      return;
    }
  }
  throw new GatewayError('upstream_error', 'Upstream stream ended before the response was complete.');
}

/** The endpoint; it has its own connection pool, closed with the upstream. */
export function createResponsesEndpoint(opts: ResponsesEndpointOptions): UpstreamEndpoint & { close(): Promise<void> } {
  const http = new UpstreamHttp(opts.name, opts.timeouts);
  const url = joinUrl(opts.baseUrl, '/responses');
  const headers: Record<string, string> = opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {};
  return {
    async complete(call: UpstreamCall): Promise<ChatResult> {
      const res = await http.postJson({ url, headers, body: withFields(call.body, { stream: false }), abort: call.abort });
      return parseResponsesObject(await readJson(http, res.body));
    },
    async stream(call: UpstreamCall): Promise<AsyncIterable<StreamEvent>> {
      const res = await http.postJson({ url, headers, body: withFields(call.body, { stream: true }), abort: call.abort });
      return mapErrors(responsesEvents(res.body), http);
    },
    close: () => http.close(),
  };
}
