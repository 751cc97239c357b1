/** Anthropic Messages upstream. */
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../errors.js';
import { parseEventJson, readSse } from '../stream/sse.js';
import { UpstreamHttp, joinUrl, readJson, type HttpTimeouts } from './http.js';
import { arr, isObj, num, obj, str } from './json.js';
import { mapErrors } from './openai.js';
import type { ToolCall } from '../../spec/tools.js';
import type { ChatResult, FinishReason, StreamEvent, Upstream, UpstreamCall, Usage } from './types.js';
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

function anthropicUsage(v: unknown): Usage | undefined {
  const u = obj(v);
  const p = num(u.input_tokens);
  const c = num(u.output_tokens);
  return p === undefined && c === undefined ? undefined : { promptTokens: p ?? 0, completionTokens: c ?? 0 };
}

export function parseAnthropicMessage(body: unknown): ChatResult {
  const b = obj(body);
  if (!Array.isArray(b.content)) throw new GatewayError('upstream_bad_response', 'Upstream answer has no content array.');
  let content = '';
  const toolCalls: ToolCall[] = [];
  for (const block of arr(b.content)) {
    const bl = obj(block);
    if (bl.type === 'text') content += str(bl.text) ?? '';
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
  };
}

/** Turns Anthropic Messages stream events into canonical stream events. */
export async function* anthropicEvents(body: AsyncIterable<Buffer>): AsyncGenerator<StreamEvent> {
  const toolIndexByBlock = new Map<number, number>();
  let promptTokens = 0;
  let completionTokens = 0;
  let finish: FinishReason | undefined;
  let stopped = false;
  for await (const e of readSse(body)) {
    if (e.event === 'ping') continue;
    const ev = parseEventJson(e);
    const type = str(ev.type) ?? e.event;
    if (type === 'error') throw new GatewayError('upstream_error', `Upstream stream error: ${str(obj(ev.error).message) ?? 'unknown'}`);
    if (type === 'message_start') {
      const m = obj(ev.message);
      promptTokens = num(obj(m.usage).input_tokens) ?? 0;
      yield { type: 'start', id: str(m.id) ?? `msg_${randomUUID()}`, model: str(m.model) ?? '' };
    } else if (type === 'content_block_start') {
      const block = obj(ev.content_block);
      if (block.type === 'tool_use') {
        const index = toolIndexByBlock.size;
        toolIndexByBlock.set(num(ev.index) ?? 0, index);
        yield { type: 'tool', index, id: str(block.id), name: str(block.name), args: '' };
      }
    } else if (type === 'content_block_delta') {
      const delta = obj(ev.delta);
      if (delta.type === 'text_delta' && str(delta.text)) yield { type: 'text', text: str(delta.text) ?? '' };
      if (delta.type === 'input_json_delta') {
        const index = toolIndexByBlock.get(num(ev.index) ?? 0) ?? 0;
        yield { type: 'tool', index, args: str(delta.partial_json) ?? '' };
      }
    } else if (type === 'message_delta') {
      finish = anthropicFinish(obj(ev.delta).stop_reason);
      completionTokens = num(obj(ev.usage).output_tokens) ?? completionTokens;
    } else if (type === 'message_stop') {
      stopped = true;
      break;
    }
  }
  if (!stopped && finish === undefined) throw new GatewayError('upstream_error', 'Upstream stream ended before the answer was complete.');
  yield { type: 'end', finishReason: finish ?? 'stop', usage: { promptTokens, completionTokens } };
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
