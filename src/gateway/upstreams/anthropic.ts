/** Anthropic Messages upstream. */
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../errors.js';
import { parseEventJson, readSse } from '../stream/sse.js';
import { streamError } from './provider-error.js';
import { UpstreamHttp, joinUrl, readJson, type HttpTimeouts } from './http.js';
import { arr, isObj, num, obj, str, type Json } from './json.js';
import { mapErrors } from './openai.js';
import type { ToolCall } from '../../spec/tools.js';
import type { ChatResult, FinishReason, Reasoning, StreamEvent, Upstream, UpstreamCall, Usage } from './types.js';
import { withFields } from '../../core/objects.js';

export interface AnthropicUpstreamOptions {
  name: string;
  baseUrl: string;
  apiKey?: string;
  timeouts: HttpTimeouts;
  version: string;
}

export function anthropicFinish(v: unknown): FinishReason {
  if (v === 'max_tokens' || v === 'model_context_window_exceeded') return 'length';
  if (v === 'tool_use') return 'tool_calls';
  if (v === 'refusal') return 'content_filter';
  return 'stop';
}

export function toAnthropicStop(f: FinishReason): string {
  return { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', content_filter: 'refusal' }[f];
}

export function anthropicUsage(v: unknown): Usage | undefined {
  if (!isObj(v)) return undefined;
  const p = num(v.input_tokens);
  const c = num(v.output_tokens);
  if (p === undefined && c === undefined) return undefined;
  const usage: Usage = { promptTokens: p ?? 0, completionTokens: c ?? 0, native: { protocol: 'anthropic', body: v } };
  const read = num(v.cache_read_input_tokens);
  const write = num(v.cache_creation_input_tokens);
  if (read !== undefined) usage.cacheReadTokens = read;
  if (write !== undefined) usage.cacheWriteTokens = write;
  return usage;
}

export function parseAnthropicMessage(body: unknown): ChatResult {
  const b = obj(body);
  if (!Array.isArray(b.content)) throw new GatewayError('upstream_bad_response', 'Upstream answer has no content array.');
  let content = '';
  const toolCalls: ToolCall[] = [];
  const reasoning: Reasoning[] = [];
  for (const block of arr(b.content)) {
    const bl = obj(block);
    if (bl.type === 'text') content += str(bl.text) ?? '';
    if (bl.type === 'thinking') reasoning.push({ type: 'thinking', text: str(bl.thinking) ?? '', signature: str(bl.signature) });
    if (bl.type === 'redacted_thinking') reasoning.push({ type: 'redacted_thinking', data: str(bl.data) ?? '' });
    if (bl.type === 'tool_use') {
      toolCalls.push({ id: str(bl.id) ?? `toolu_${randomUUID()}`, name: str(bl.name) ?? '', arguments: JSON.stringify(bl.input ?? {}) });
    }
  }
  return {
    id: str(b.id) ?? `msg_${randomUUID()}`,
    model: str(b.model) ?? '',
    content,
    toolCalls,
    finishReason: anthropicFinish(b.stop_reason),
    usage: anthropicUsage(b.usage),
    reasoning,
    native: { protocol: 'anthropic', body: b },
  };
}

/** Turns Anthropic Messages stream events into canonical stream events. */
export async function* anthropicEvents(body: AsyncIterable<Buffer>): AsyncGenerator<StreamEvent> {
  const toolIndexByBlock = new Map<number, number>();
  const thinkingBlocks = new Set<number>();
  // message_start's usage, updated by message_delta's (cumulative counts): absent when the provider sent none.
  let usage: Json | undefined;
  let finish: FinishReason | undefined;
  let closing: Json | undefined;
  let stopped = false;
  for await (const e of readSse(body)) {
    if (e.event === 'ping') continue;
    const ev = parseEventJson(e);
    const type = str(ev.type) ?? e.event;
    if (type === 'error') throw streamError(obj(ev.error), true);
    const index = num(ev.index) ?? 0;
    if (type === 'message_start') {
      const m = obj(ev.message);
      if (isObj(m.usage)) usage = withFields(m.usage, {});
      yield { type: 'start', id: str(m.id) ?? `msg_${randomUUID()}`, model: str(m.model) ?? '', native: { protocol: 'anthropic', body: m } };
    } else if (type === 'content_block_start') {
      const block = obj(ev.content_block);
      if (block.type === 'tool_use') {
        const n = toolIndexByBlock.size;
        toolIndexByBlock.set(index, n);
        yield { type: 'tool', index: n, id: str(block.id), name: str(block.name), args: '' };
      } else if (block.type === 'thinking') {
        thinkingBlocks.add(index);
        if (str(block.thinking)) yield { type: 'thinking', text: str(block.thinking) ?? '' };
      } else if (block.type === 'redacted_thinking') {
        yield { type: 'redacted_thinking', data: str(block.data) ?? '' };
      }
    } else if (type === 'content_block_delta') {
      const delta = obj(ev.delta);
      if (delta.type === 'text_delta' && str(delta.text)) yield { type: 'text', text: str(delta.text) ?? '' };
      if (delta.type === 'thinking_delta' && str(delta.thinking)) yield { type: 'thinking', text: str(delta.thinking) ?? '' };
      if (delta.type === 'signature_delta') {
        thinkingBlocks.delete(index);
        yield { type: 'thinking_end', signature: str(delta.signature) ?? '' };
      }
      if (delta.type === 'input_json_delta') yield { type: 'tool', index: toolIndexByBlock.get(index) ?? 0, args: str(delta.partial_json) ?? '' };
    } else if (type === 'content_block_stop') {
      // A thinking block without a signature (some compatible servers) still ends here.
      if (thinkingBlocks.delete(index)) yield { type: 'thinking_end' };
    } else if (type === 'message_delta') {
      closing = withFields(ev, {});
      delete closing.type;
      finish = anthropicFinish(obj(ev.delta).stop_reason);
      if (isObj(ev.usage)) usage = withFields(usage ?? {}, ev.usage);
    } else if (type === 'message_stop') {
      stopped = true;
      break;
    }
  }
  if (!stopped && finish === undefined) throw new GatewayError('upstream_error', 'Upstream stream ended before the answer was complete.');
  const end: StreamEvent = { type: 'end', finishReason: finish ?? 'stop', usage: anthropicUsage(usage) };
  if (closing !== undefined) end.native = { protocol: 'anthropic', body: closing };
  yield end;
}

export function createAnthropicUpstream(opts: AnthropicUpstreamOptions): Upstream {
  const http = new UpstreamHttp(opts.name, opts.timeouts);
  const url = joinUrl(opts.baseUrl, '/v1/messages');
  const headers: Record<string, string> = { 'anthropic-version': opts.version };
  if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
  return {
    name: opts.name,
    protocol: 'anthropic',
    async complete(call: UpstreamCall): Promise<ChatResult> {
      const res = await http.postJson({ url, headers: { ...call.headers, ...headers }, body: withFields(call.body, { stream: false }), abort: call.abort });
      const parsed = await readJson(http, res.body);
      if (!isObj(parsed)) throw new GatewayError('upstream_bad_response', `Upstream "${opts.name}" answered with a non-object.`);
      return parseAnthropicMessage(parsed);
    },
    async stream(call: UpstreamCall): Promise<AsyncIterable<StreamEvent>> {
      const res = await http.postJson({ url, headers: { ...call.headers, ...headers }, body: withFields(call.body, { stream: true }), abort: call.abort });
      return mapErrors(anthropicEvents(res.body), http);
    },
    async listModels(signal: AbortSignal): Promise<string[]> {
      const list = obj(await http.getJson(joinUrl(opts.baseUrl, '/v1/models'), headers, signal));
      return arr(list.data)
        .map((m) => str(obj(m).id))
        .filter((id): id is string => id !== undefined);
    },
    close: () => http.close(),
  };
}
