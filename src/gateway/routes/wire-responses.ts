/**
 * The OpenAI Responses API on the client side (POST /v1/responses): validation, scan slots, translation and
 * rendering. Upstreams that speak the Responses API (`responses: true`) get the request as it is (`native`);
 * the others get it as Chat Completions, or as Anthropic Messages from there.
 */
import { z } from 'zod';
import { arr, isObj, obj, type Json } from '../upstreams/json.js';
import type { ChatResult } from '../upstreams/types.js';
import { openaiToAnthropic } from '../upstreams/translate.js';
import { responsesToChat } from '../upstreams/responses-translate.js';
import { withFields } from '../../core/objects.js';
import { toolDefinition, type WireAdapter } from './wire.js';
import { collectSlots } from './request-fields.js';
import { RESPONSES_REQUEST } from './wire-responses-fields.js';
import { responsesStreamRenderer } from './wire-responses-stream.js';
import { nativeResponse, providerResponse } from './wire-responses-native.js';
import { functionCallItem, itemId, messageItem, responseId, responseObject } from './wire-responses-render.js';

/** Messages may come without `type` (the SDKs' "easy input message"); giving them one lets every item be read by type. */
function typed(item: unknown): unknown {
  return isObj(item) && item.type === undefined && typeof item.role === 'string' ? withFields(item, { type: 'message' }) : item;
}

const message = z.looseObject({
  type: z.literal('message'),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]),
});
const item = z.union([message, z.looseObject({ type: z.string().refine((t) => t !== 'message', 'a message needs a role and content') })]);

export const responsesBodySchema = z.looseObject({
  model: z.string().min(1).max(256),
  instructions: z.string().nullish(),
  input: z.union([z.string(), z.array(z.preprocess(typed, item))]),
  stream: z.boolean().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
});

/** Function tools as the audit's tool definitions. */
function tools(body: Json) {
  return arr(body.tools)
    .map(obj)
    .filter((t) => t.type === 'function')
    .map((t) => toolDefinition(t.name, t.description, t.parameters));
}

/** The answer of an upstream without the Responses API, as a response object with new item ids. */
function translatedResponse(r: ChatResult, body: Json): Json {
  const output: Json[] = [];
  if (r.content !== '' || r.toolCalls.length === 0) output.push(messageItem(itemId('msg'), r.content, 'completed'));
  for (const call of r.toolCalls) output.push(functionCallItem(itemId('fc'), call, 'completed'));
  const id = responseId(r.id);
  const createdAt = Math.floor(Date.now() / 1000);
  return responseObject({ id, model: r.model, createdAt, output, finish: r.finishReason, usage: r.usage, stored: id === r.id }, body);
}

export const responsesWire: WireAdapter = {
  protocol: 'openai',
  route: '/v1/responses',
  schema: responsesBodySchema,
  slots: (body, extra) => collectSlots(body, RESPONSES_REQUEST, extra, 'input'),
  tools,
  toUpstream(body, upstream, model) {
    const chat = responsesToChat(body, model);
    return upstream === 'anthropic' ? openaiToAnthropic(chat, model) : chat;
  },
  native: (upstream) => upstream.responses,
  render(r, body = {}, blocked) {
    const provider = providerResponse(r);
    const out = provider !== undefined ? nativeResponse(r, provider) : translatedResponse(r, body);
    // The block marker, as on the other routes (docs/gateway.md, "Block marker").
    if (blocked !== undefined) out.warden = blocked;
    return out;
  },
  streamRenderer: responsesStreamRenderer,
};
