/** OpenAI Chat Completions upstream; also serves OpenAI-compatible servers (vLLM, Ollama, llama.cpp). */
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../errors.js';
import { parseEventJson, readSse } from '../stream/sse.js';
import { streamError } from './provider-error.js';
import { UpstreamHttp, joinUrl, readJson, type HttpTimeouts } from './http.js';
import { arr, isObj, num, obj, str, type Json } from './json.js';
import type { ToolCall } from '../../spec/tools.js';
import type { ChatResult, FinishReason, StreamEvent, Upstream, UpstreamCall, Usage } from './types.js';
import { withFields } from '../../core/objects.js';

export interface OpenAIUpstreamOptions {
  name: string;
  baseUrl: string;
  apiKey?: string;
  timeouts: HttpTimeouts;
  /** Ask for a usage chunk at the end of streams (not every compatible server supports it). */
  streamUsage: boolean;
}

export function openaiFinish(v: unknown): FinishReason {
  return v === 'length' || v === 'tool_calls' || v === 'content_filter' ? v : v === 'function_call' ? 'tool_calls' : 'stop';
}

export function openaiUsage(v: unknown): Usage | undefined {
  if (!isObj(v)) return undefined;
  const p = num(v.prompt_tokens);
  const c = num(v.completion_tokens);
  if (p === undefined && c === undefined) return undefined;
  const usage: Usage = { promptTokens: p ?? 0, completionTokens: c ?? 0, native: { protocol: 'openai', body: v } };
  const cached = num(obj(v.prompt_tokens_details).cached_tokens);
  const reasoning = num(obj(v.completion_tokens_details).reasoning_tokens);
  if (cached !== undefined) usage.cacheReadTokens = cached;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  return usage;
}

/** Reads an OpenAI chat.completion body into the canonical result. */
export function parseOpenAICompletion(body: unknown): ChatResult {
  const b = obj(body);
  const choice = obj(arr(b.choices)[0]);
  const message = obj(choice.message);
  if (arr(b.choices).length === 0) throw new GatewayError('upstream_bad_response', 'Upstream answer has no choices.');
  const toolCalls: ToolCall[] = arr(message.tool_calls).map((t) => {
    const call = obj(t);
    const fn = obj(call.function);
    return { id: str(call.id) ?? `call_${randomUUID()}`, name: str(fn.name) ?? '', arguments: str(fn.arguments) ?? '' };
  });
  return {
    id: str(b.id) ?? `chatcmpl-${randomUUID()}`,
    model: str(b.model) ?? '',
    content: contentText(message.content),
    toolCalls,
    finishReason: openaiFinish(choice.finish_reason),
    usage: openaiUsage(b.usage),
    native: { protocol: 'openai', body: b },
  };
}

function contentText(v: unknown): string {
  if (typeof v === 'string') return v;
  return arr(v)
    .map((p) => str(obj(p).text) ?? '')
    .join('');
}

/** Turns OpenAI chat.completion.chunk events into canonical stream events. */
export async function* openaiEvents(body: AsyncIterable<Buffer>): AsyncGenerator<StreamEvent> {
  let started = false;
  let finish: FinishReason | undefined;
  let usage: Usage | undefined;
  let done = false;
  const logprobs = new LogprobsLog();
  for await (const e of readSse(body)) {
    if (e.data === '[DONE]') {
      done = true;
      break;
    }
    const chunk = parseEventJson(e);
    if (isObj(chunk.error)) throw streamError(chunk.error, false);
    if (!started) {
      started = true;
      const envelope: Json = {};
      for (const [k, v] of Object.entries(chunk)) if (k !== 'choices' && k !== 'usage') envelope[k] = v;
      yield { type: 'start', id: str(chunk.id) ?? `chatcmpl-${randomUUID()}`, model: str(chunk.model) ?? '', native: { protocol: 'openai', body: envelope } };
    }
    usage = openaiUsage(chunk.usage) ?? usage;
    const choice = obj(arr(chunk.choices)[0]);
    logprobs.add(choice.logprobs);
    const delta = obj(choice.delta);
    const text = str(delta.content);
    if (text) yield { type: 'text', text };
    for (const t of arr(delta.tool_calls)) {
      const call = obj(t);
      const fn = obj(call.function);
      yield { type: 'tool', index: num(call.index) ?? 0, id: str(call.id), name: str(fn.name), args: str(fn.arguments) ?? '' };
    }
    if (choice.finish_reason !== undefined && choice.finish_reason !== null) finish = openaiFinish(choice.finish_reason);
  }
  // Some compatible servers omit finish_reason but send [DONE]; only a stream with neither is cut short.
  if (finish === undefined && !done) throw new GatewayError('upstream_error', 'Upstream stream ended before the answer was complete.');
  const end: StreamEvent = { type: 'end', finishReason: finish ?? 'stop', usage };
  const lp = logprobs.value();
  if (lp !== undefined) end.native = { protocol: 'openai', body: { logprobs: lp } };
  yield end;
}

/** The `logprobs` of every chunk of a stream, joined per list (`content`, `refusal`) as the openai SDK's accumulator does. */
class LogprobsLog {
  private readonly lists = new Map<string, unknown[]>();

  add(v: unknown): void {
    if (!isObj(v)) return;
    for (const [k, list] of Object.entries(v)) {
      if (!Array.isArray(list)) continue;
      const have = this.lists.get(k);
      if (have) have.push(...(list as unknown[]));
      else this.lists.set(k, [...(list as unknown[])]);
    }
  }

  value(): Json | undefined {
    return this.lists.size === 0 ? undefined : Object.fromEntries(this.lists);
  }
}

export function createOpenAIUpstream(opts: OpenAIUpstreamOptions): Upstream {
  const http = new UpstreamHttp(opts.name, opts.timeouts);
  const url = joinUrl(opts.baseUrl, '/chat/completions');
  const headers: Record<string, string> = opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {};
  return {
    name: opts.name,
    protocol: 'openai',
    async complete(call: UpstreamCall): Promise<ChatResult> {
      const res = await http.postJson({ url, headers, body: withFields(call.body, { stream: false }), abort: call.abort });
      const parsed = await readJson(http, res.body);
      return parseOpenAICompletion(parsed);
    },
    async stream(call: UpstreamCall): Promise<AsyncIterable<StreamEvent>> {
      const extra: Json = { stream: true };
      if (opts.streamUsage) extra.stream_options = withFields(obj(call.body.stream_options), { include_usage: true });
      const body = withFields(call.body, extra);
      const res = await http.postJson({ url, headers, body, abort: call.abort });
      return mapErrors(openaiEvents(res.body), http);
    },
    async listModels(signal: AbortSignal): Promise<string[]> {
      const list = obj(await http.getJson(joinUrl(opts.baseUrl, '/models'), headers, signal));
      return arr(list.data)
        .map((m) => str(obj(m).id))
        .filter((id): id is string => id !== undefined);
    },
    close: () => http.close(),
  };
}

/** Re-throws transport failures while a body is being read as GatewayErrors. */
export async function* mapErrors<T>(events: AsyncIterable<T>, http: UpstreamHttp): AsyncGenerator<T> {
  try {
    yield* events;
  } catch (err) {
    throw http.mapTransportError(err);
  }
}
