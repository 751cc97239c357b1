/** OpenAI Chat Completions on the client side: validation, scan slots, rendering. */
import { z } from 'zod';
import { openaiErrorBody } from '../errors.js';
import { arr, isObj, obj, type Json } from '../upstreams/json.js';
import { openaiToAnthropic } from '../upstreams/translate.js';
import { sseData } from '../stream/sse.js';
import { toolDefinition, type StreamRenderer, type WireAdapter } from './wire.js';
import { collectSlots } from './request-fields.js';
import { OPENAI_REQUEST } from './wire-openai-fields.js';
import { withFields } from '../../core/objects.js';
import type { ToolCall, ToolDefinition } from '../../spec/tools.js';
import type { ChatResult } from '../upstreams/types.js';
import { openaiUsageJson } from './wire-usage.js';

const TEXT_PARTS = ['text', 'input_text', 'output_text'];
const textPart = z.looseObject({ type: z.enum(TEXT_PARTS), text: z.string() });
const otherPart = z.looseObject({ type: z.string().refine((t) => !TEXT_PARTS.includes(t), 'text parts need a string "text"') });

export const openaiBodySchema = z.looseObject({
  model: z.string().min(1).max(256),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
        content: z.union([z.string(), z.array(z.union([textPart, otherPart])), z.null()]).optional(),
        tool_calls: z.array(z.looseObject({ id: z.string(), function: z.looseObject({ name: z.string(), arguments: z.string() }) })).optional(),
      }),
    )
    .min(1),
  stream: z.boolean().nullish(),
  // Every choice would need its own scan and hold-back; one is what chat clients use.
  n: z.number().int().min(1).max(1, 'the gateway returns one choice; n > 1 is not supported').nullish(),
  tools: z.array(z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) })).optional(),
});

function chunk(envelope: Json, delta: Json, finish: string | null, choice?: Json): Json {
  return withFields(envelope, { choices: [withFields(choice ?? {}, { index: 0, delta, finish_reason: finish, logprobs: choice?.logprobs ?? null })] });
}

function streamRenderer(body: Json): StreamRenderer {
  const wantsUsage = obj(body.stream_options).include_usage === true;
  // The provider's chunk fields (system_fingerprint, service_tier, created, ...) when it speaks OpenAI; ours otherwise.
  let envelope: Json = {};
  return {
    start(id, model, native) {
      const own: Json = { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
      envelope = native?.protocol === 'openai' ? withFields(native.body, { id, model }) : own;
      return sseData(chunk(envelope, { role: 'assistant', content: '' }, null));
    },
    text: (text) => sseData(chunk(envelope, { content: text }, null)),
    tool: (index, call) =>
      sseData(chunk(envelope, { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }] }, null)),
    end(finish, usage, close) {
      const closing: Json = {};
      if (close?.native?.protocol === 'openai' && close.native.body.logprobs !== undefined && close.textChanged !== true) closing.logprobs = close.native.body.logprobs;
      const last = chunk(envelope, {}, finish, closing);
      let out = sseData(close?.blocked ? withFields(last, { warden: close.blocked }) : last);
      // Only a usage the provider sent: include_usage never invents zeros.
      if (wantsUsage && usage !== undefined) out += sseData(withFields(envelope, { choices: [], usage: openaiUsageJson(usage) }));
      return `${out}data: [DONE]\n\n`;
    },
    error: (err) => sseData(openaiErrorBody(err)),
  };
}

function toolCallJson(t: ToolCall, native?: Json): Json {
  const fn = withFields(obj(native?.function), { name: t.name, arguments: t.arguments });
  return withFields(native ?? { type: 'function' }, { id: t.id, function: fn });
}

/** An answer from another protocol (or the demo model): built from the canonical fields. */
function fromCanonical(r: ChatResult): Json {
  const message: Json = { role: 'assistant', content: r.toolCalls.length > 0 && r.content === '' ? null : r.content, refusal: null };
  if (r.toolCalls.length > 0) message.tool_calls = r.toolCalls.map((t) => toolCallJson(t));
  const out: Json = {
    id: r.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: r.model,
    choices: [{ index: 0, message, finish_reason: r.finishReason, logprobs: null }],
  };
  if (r.usage !== undefined) out.usage = openaiUsageJson(r.usage);
  return out;
}

/**
 * The provider's own answer with only what the gateway rewrites replaced: the message text (redacted, restored or
 * the block notice), tool-call arguments, the model name and, on a block, the finish reason. Token `logprobs`
 * spell out the text, so they go (null) when the text changed.
 */
function fromNative(r: ChatResult, body: Json, blocked: boolean): Json {
  const choice = obj(arr(body.choices)[0]);
  const message = obj(choice.message);
  const original = typeof message.content === 'string' ? message.content : '';
  const newMessage = withFields(message, { content: message.content === null && r.content === '' ? null : r.content });
  const byId = new Map(arr(message.tool_calls).map((t) => [obj(t).id, obj(t)] as const));
  if (r.toolCalls.length > 0) newMessage.tool_calls = r.toolCalls.map((t) => toolCallJson(t, byId.get(t.id)));
  else delete newMessage.tool_calls;
  const newChoice = withFields(choice, { message: newMessage, finish_reason: blocked ? 'content_filter' : (choice.finish_reason ?? r.finishReason) });
  if (r.content !== original || blocked) newChoice.logprobs = null;
  return withFields(body, { model: r.model, choices: [newChoice] });
}

/** `tools[].function` and the legacy `functions`. */
function tools(body: Json): ToolDefinition[] {
  const fns = [...arr(body.tools).map((t) => obj(t).function), ...arr(body.functions)].filter(isObj);
  return fns.map((f) => toolDefinition(f.name, f.description, f.parameters));
}

export const openaiWire: WireAdapter = {
  protocol: 'openai',
  route: '/v1/chat/completions',
  schema: openaiBodySchema,
  slots: (body, extra) => collectSlots(body, OPENAI_REQUEST, extra),
  tools,
  toUpstream: (body, upstream, model) => (upstream === 'anthropic' ? openaiToAnthropic(body, model) : withFields(body, { model })),
  render(r, _body, blocked) {
    const out = r.native?.protocol === 'openai' ? fromNative(r, r.native.body, blocked !== undefined) : fromCanonical(r);
    if (blocked !== undefined) out.warden = blocked;
    return out;
  },
  streamRenderer,
};
