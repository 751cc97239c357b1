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
import type { ToolDefinition } from '../../spec/tools.js';

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

function chunk(id: string, created: number, model: string, delta: Json, finish: string | null): Json {
  return { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] };
}

function streamRenderer(body: Json): StreamRenderer {
  const wantsUsage = obj(body.stream_options).include_usage === true;
  let id = '';
  let model = '';
  const created = Math.floor(Date.now() / 1000);
  return {
    start(i, m) {
      id = i;
      model = m;
      return sseData(chunk(id, created, model, { role: 'assistant', content: '' }, null));
    },
    text: (text) => sseData(chunk(id, created, model, { content: text }, null)),
    tool: (index, call) =>
      sseData(chunk(id, created, model, { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }] }, null)),
    end(finish, usage) {
      let out = sseData(chunk(id, created, model, {}, finish));
      if (wantsUsage) {
        const u = usage ?? { promptTokens: 0, completionTokens: 0 };
        out += sseData({
          id,
          object: 'chat.completion.chunk',
          created,
          model,
          choices: [],
          usage: { prompt_tokens: u.promptTokens, completion_tokens: u.completionTokens, total_tokens: u.promptTokens + u.completionTokens },
        });
      }
      return `${out}data: [DONE]\n\n`;
    },
    error: (err) => sseData(openaiErrorBody(err)),
  };
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
  render(r) {
    const message: Json = { role: 'assistant', content: r.toolCalls.length > 0 && r.content === '' ? null : r.content, refusal: null };
    if (r.toolCalls.length > 0) {
      message.tool_calls = r.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } }));
    }
    const u = r.usage ?? { promptTokens: 0, completionTokens: 0 };
    return {
      id: r.id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: r.model,
      choices: [{ index: 0, message, finish_reason: r.finishReason, logprobs: null }],
      usage: { prompt_tokens: u.promptTokens, completion_tokens: u.completionTokens, total_tokens: u.promptTokens + u.completionTokens },
    };
  },
  streamRenderer,
};
