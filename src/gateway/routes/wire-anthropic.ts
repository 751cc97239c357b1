/** Anthropic Messages on the client side: validation, scan slots, rendering. */
import { z } from 'zod';
import { anthropicErrorBody } from '../errors.js';
import { toAnthropicStop } from '../upstreams/anthropic.js';
import { arr, obj, type Json } from '../upstreams/json.js';
import { anthropicToOpenAI } from '../upstreams/translate.js';
import { sseEvent } from '../stream/sse.js';
import type { ToolCall } from '../../spec/tools.js';
import { toolDefinition, type StreamRenderer, type WireAdapter } from './wire.js';
import { collectSlots } from './request-fields.js';
import { ANTHROPIC_REQUEST } from './wire-anthropic-fields.js';
import { withFields } from '../../core/objects.js';

const block = z.looseObject({ type: z.string().min(1) });
const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });

export const anthropicBodySchema = z.looseObject({
  model: z.string().min(1).max(256),
  max_tokens: z.number().int().positive(),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(block)]) })).min(1),
  stream: z.boolean().optional(),
  tools: z.array(z.looseObject({ name: z.string().min(1) })).optional(),
});

function toolInput(call: ToolCall): unknown {
  try {
    return JSON.parse(call.arguments === '' ? '{}' : call.arguments);
  } catch {
    return { arguments: call.arguments };
  }
}

function streamRenderer(): StreamRenderer {
  let blockIndex = -1;
  let textOpen = false;
  let toolsOpened = 0;
  const closeText = () => {
    if (!textOpen) return '';
    textOpen = false;
    return sseEvent('content_block_stop', { type: 'content_block_stop', index: blockIndex });
  };
  return {
    start: (id, model) =>
      sseEvent('message_start', {
        type: 'message_start',
        message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } },
      }),
    text(text) {
      let out = '';
      if (!textOpen) {
        textOpen = true;
        blockIndex += 1;
        out += sseEvent('content_block_start', { type: 'content_block_start', index: blockIndex, content_block: { type: 'text', text: '' } });
      }
      return out + sseEvent('content_block_delta', { type: 'content_block_delta', index: blockIndex, delta: { type: 'text_delta', text } });
    },
    tool(_index, call) {
      let out = closeText();
      blockIndex += 1;
      toolsOpened += 1;
      out += sseEvent('content_block_start', { type: 'content_block_start', index: blockIndex, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
      out += sseEvent('content_block_delta', { type: 'content_block_delta', index: blockIndex, delta: { type: 'input_json_delta', partial_json: call.arguments } });
      return out + sseEvent('content_block_stop', { type: 'content_block_stop', index: blockIndex });
    },
    end(finish, usage) {
      const out = closeText();
      const stop = toolsOpened > 0 && finish === 'stop' ? 'tool_use' : toAnthropicStop(finish);
      return (
        out +
        sseEvent('message_delta', { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: usage?.completionTokens ?? 0 } }) +
        sseEvent('message_stop', { type: 'message_stop' })
      );
    },
    error: (err) => sseEvent('error', anthropicErrorBody(err)),
  };
}

export const anthropicWire: WireAdapter = {
  protocol: 'anthropic',
  route: '/v1/messages',
  schema: anthropicBodySchema,
  slots: (body, extra) => collectSlots(body, ANTHROPIC_REQUEST, extra),
  tools: (body) => arr(body.tools).map((t) => toolDefinition(obj(t).name, obj(t).description, obj(t).input_schema)),
  toUpstream: (body, upstream, model) => (upstream === 'anthropic' ? withFields(body, { model }) : anthropicToOpenAI(body, model)),
  render(r) {
    const content: Json[] = [];
    if (r.content !== '') content.push({ type: 'text', text: r.content });
    for (const t of r.toolCalls) content.push({ type: 'tool_use', id: t.id, name: t.name, input: toolInput(t) });
    const u = r.usage ?? { promptTokens: 0, completionTokens: 0 };
    return {
      id: r.id,
      type: 'message',
      role: 'assistant',
      model: r.model,
      content,
      stop_reason: toAnthropicStop(r.finishReason),
      stop_sequence: null,
      usage: { input_tokens: u.promptTokens, output_tokens: u.completionTokens },
    };
  },
  streamRenderer,
};
