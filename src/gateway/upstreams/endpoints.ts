/**
 * The HTTP upstreams' endpoints besides chat: embeddings and token counts answer with the provider's JSON, passed
 * through; legacy text completions come back in the canonical shapes so the output scan and hold-back apply.
 */
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../errors.js';
import { parseEventJson, readSse } from '../stream/sse.js';
import { UpstreamHttp, joinUrl, readJson } from './http.js';
import type { AnthropicUpstreamOptions } from './anthropic.js';
import { arr, isObj, obj, str, type Json } from './json.js';
import { mapErrors, openaiFinish, openaiUsage, type OpenAIUpstreamOptions } from './openai.js';
import type { ChatResult, FinishReason, StreamEvent, Upstream, UpstreamCall, Usage } from './types.js';
import { withFields } from '../../core/objects.js';

/** POSTs the call's body and reads a JSON object answer (a non-object is the upstream's fault). */
export async function postForJson(http: UpstreamHttp, url: string, headers: Record<string, string>, call: UpstreamCall): Promise<Json> {
  const res = await http.postJson({ url, headers: withFields(call.headers ?? {}, headers), body: call.body, abort: call.abort });
  const parsed = await readJson(http, res.body);
  if (!isObj(parsed)) throw new GatewayError('upstream_bad_response', `Upstream "${http.upstreamName}" answered with a non-object.`);
  return parsed;
}

/** Reads a `text_completion` body into the canonical result. */
export function parseTextCompletion(body: Json): ChatResult {
  const choice = obj(arr(body.choices)[0]);
  if (arr(body.choices).length === 0) throw new GatewayError('upstream_bad_response', 'Upstream answer has no choices.');
  return {
    id: str(body.id) ?? `cmpl-${randomUUID()}`,
    model: str(body.model) ?? '',
    content: str(choice.text) ?? '',
    toolCalls: [],
    finishReason: openaiFinish(choice.finish_reason),
    usage: openaiUsage(body.usage),
    native: { protocol: 'openai', body },
  };
}

/** Turns `text_completion` stream chunks into canonical stream events. */
export async function* textCompletionEvents(body: AsyncIterable<Buffer>): AsyncGenerator<StreamEvent> {
  let started = false;
  let finish: FinishReason | undefined;
  let usage: Usage | undefined;
  let done = false;
  for await (const e of readSse(body)) {
    if (e.data === '[DONE]') {
      done = true;
      break;
    }
    const chunk = parseEventJson(e);
    if (isObj(chunk.error)) throw new GatewayError('upstream_error', `Upstream stream error: ${str(chunk.error.message) ?? 'unknown'}`);
    if (!started) {
      started = true;
      yield { type: 'start', id: str(chunk.id) ?? `cmpl-${randomUUID()}`, model: str(chunk.model) ?? '' };
    }
    usage = openaiUsage(chunk.usage) ?? usage;
    const choice = obj(arr(chunk.choices)[0]);
    const text = str(choice.text);
    if (text) yield { type: 'text', text };
    if (choice.finish_reason !== undefined && choice.finish_reason !== null) finish = openaiFinish(choice.finish_reason);
  }
  if (finish === undefined && !done) throw new GatewayError('upstream_error', 'Upstream stream ended before the answer was complete.');
  yield { type: 'end', finishReason: finish ?? 'stop', usage };
}

/** An upstream's extra endpoints, with their own connection pool (closed with the upstream). */
type Endpoints = Pick<Upstream, 'embeddings' | 'countTokens' | 'completions' | 'close'>;

/** Embeddings and legacy completions of an OpenAI-compatible server. */
export function openaiEndpoints(opts: OpenAIUpstreamOptions): Endpoints {
  const http = new UpstreamHttp(opts.name, opts.timeouts);
  const headers: Record<string, string> = opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {};
  const completionsUrl = joinUrl(opts.baseUrl, '/completions');
  return {
    embeddings: (call) => postForJson(http, joinUrl(opts.baseUrl, '/embeddings'), headers, call),
    completions: {
      complete: async (call) => parseTextCompletion(await postForJson(http, completionsUrl, headers, withFields(call, { body: withFields(call.body, { stream: false }) }))),
      async stream(call) {
        const extra: Json = { stream: true };
        if (opts.streamUsage) extra.stream_options = withFields(obj(call.body.stream_options), { include_usage: true });
        const res = await http.postJson({ url: completionsUrl, headers, body: withFields(call.body, extra), abort: call.abort });
        return mapErrors(textCompletionEvents(res.body), http);
      },
    },
    close: () => http.close(),
  };
}

/** Token counting of the Anthropic Messages API. */
export function anthropicEndpoints(opts: AnthropicUpstreamOptions): Endpoints {
  const http = new UpstreamHttp(opts.name, opts.timeouts);
  const headers: Record<string, string> = { 'anthropic-version': opts.version };
  if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
  return {
    countTokens: (call) => postForJson(http, joinUrl(opts.baseUrl, '/v1/messages/count_tokens'), headers, call),
    close: () => http.close(),
  };
}

/** The upstream with its extra endpoints; closing it closes both. */
export function withEndpoints(upstream: Upstream, extra: Endpoints): Upstream {
  return withFields(upstream, withFields(extra, { close: async () => void (await Promise.all([upstream.close(), extra.close()])) }));
}
