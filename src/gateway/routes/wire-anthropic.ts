/** Anthropic Messages on the client side: validation, scan slots, rendering. */
import { z } from 'zod';
import { anthropicErrorBody } from '../errors.js';
import { toAnthropicStop } from '../upstreams/anthropic.js';
import { arr, obj, str, type Json } from '../upstreams/json.js';
import type { ChatResult } from '../upstreams/types.js';
import { anthropicUsageJson } from './wire-usage.js';
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
  let open: 'text' | 'thinking' | undefined;
  let toolsOpened = 0;
  const event = (type: string, data: Json) => sseEvent(type, withFields({ type }, data));
  const close = () => {
    if (open === undefined) return '';
    open = undefined;
    return event('content_block_stop', { index: blockIndex });
  };
  const openBlock = (kind: 'text' | 'thinking', contentBlock: Json) => {
    if (open === kind) return '';
    const out = close();
    open = kind;
    blockIndex += 1;
    return out + event('content_block_start', { index: blockIndex, content_block: contentBlock });
  };
  return {
    start(id, model, native) {
      // The provider's message (its usage: input and cache tokens) when it speaks Anthropic; counts come at the end otherwise.
      const own = { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
      return event('message_start', { message: native?.protocol === 'anthropic' ? withFields(native.body, { model }) : own });
    },
    text(text) {
      const out = openBlock('text', { type: 'text', text: '' });
      return out + event('content_block_delta', { index: blockIndex, delta: { type: 'text_delta', text } });
    },
    reasoning(ev) {
      if (ev.type === 'thinking') {
        const out = openBlock('thinking', { type: 'thinking', thinking: '', signature: '' });
        return out + event('content_block_delta', { index: blockIndex, delta: { type: 'thinking_delta', thinking: ev.text } });
      }
      if (ev.type === 'thinking_end') {
        let out = openBlock('thinking', { type: 'thinking', thinking: '', signature: '' });
        if (ev.signature !== undefined) out += event('content_block_delta', { index: blockIndex, delta: { type: 'signature_delta', signature: ev.signature } });
        return out + close();
      }
      let out = close();
      blockIndex += 1;
      out += event('content_block_start', { index: blockIndex, content_block: { type: 'redacted_thinking', data: ev.data } });
      return out + event('content_block_stop', { index: blockIndex });
    },
    tool(_index, call) {
      let out = close();
      blockIndex += 1;
      toolsOpened += 1;
      out += event('content_block_start', { index: blockIndex, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
      out += event('content_block_delta', { index: blockIndex, delta: { type: 'input_json_delta', partial_json: call.arguments } });
      return out + event('content_block_stop', { index: blockIndex });
    },
    end(finish, usage, closing) {
      const out = close();
      // The provider's message_delta as sent (its usage: what it counted, exactly); ours when translating or blocked.
      const native = closing?.native?.protocol === 'anthropic' ? closing.native.body : undefined;
      const own = { stop_reason: toolsOpened > 0 && finish === 'stop' ? 'tool_use' : toAnthropicStop(finish), stop_sequence: null };
      const delta: Json = native !== undefined && finish !== 'content_filter' ? withFields(native, {}) : { delta: own, usage: native?.usage ?? anthropicUsageJson(usage) };
      if (closing?.blocked) delta.warden = closing.blocked;
      return out + event('message_delta', delta) + event('message_stop', {});
    },
    error: (err) => sseEvent('error', anthropicErrorBody(err)),
  };
}

/** An answer from another protocol (or the demo model): built from the canonical fields. */
function fromCanonical(r: ChatResult): Json {
  const content: Json[] = [];
  if (r.content !== '') content.push({ type: 'text', text: r.content });
  for (const t of r.toolCalls) content.push({ type: 'tool_use', id: t.id, name: t.name, input: toolInput(t) });
  return {
    id: r.id,
    type: 'message',
    role: 'assistant',
    model: r.model,
    content,
    stop_reason: toAnthropicStop(r.finishReason),
    stop_sequence: null,
    usage: anthropicUsageJson(r.usage),
  };
}

/**
 * The provider's own message with only what the gateway rewrites replaced: text (redacted or restored text goes
 * into the first text block, the others are dropped), thinking text, tool inputs, the model name; on a block, the
 * content is the notice alone. Other blocks (citations, server tools, redacted thinking, signatures) pass as sent.
 */
function fromNative(r: ChatResult, body: Json, blocked: boolean): Json {
  if (blocked) return withFields(body, { model: r.model, content: [{ type: 'text', text: r.content }], stop_reason: toAnthropicStop('content_filter'), stop_sequence: null });
  const blocks = arr(body.content).map(obj);
  const original = blocks.filter((b) => b.type === 'text').map((b) => str(b.text) ?? '').join('');
  const calls = new Map(r.toolCalls.map((t) => [t.id, t] as const));
  const thinking = (r.reasoning ?? []).filter((x) => x.type === 'thinking');
  let textDone = false;
  let thinkingIndex = 0;
  const content: Json[] = [];
  for (const b of blocks) {
    if (b.type === 'text' && r.content !== original) {
      if (!textDone) content.push(withFields(b, { text: r.content }));
      textDone = true;
    } else if (b.type === 'thinking') {
      const t = thinking[thinkingIndex++];
      content.push(t === undefined ? b : withFields(b, { thinking: t.text }));
    } else if (b.type === 'tool_use') {
      const call = calls.get(str(b.id) ?? '');
      if (call) content.push(withFields(b, { name: call.name, input: toolInput(call) }));
    } else content.push(b);
  }
  if (!textDone && r.content !== original) content.unshift({ type: 'text', text: r.content });
  return withFields(body, { model: r.model, content });
}

export const anthropicWire: WireAdapter = {
  protocol: 'anthropic',
  route: '/v1/messages',
  schema: anthropicBodySchema,
  slots: (body, extra) => collectSlots(body, ANTHROPIC_REQUEST, extra),
  tools: (body) => arr(body.tools).map((t) => toolDefinition(obj(t).name, obj(t).description, obj(t).input_schema)),
  toUpstream: (body, upstream, model) => (upstream === 'anthropic' ? withFields(body, { model }) : anthropicToOpenAI(body, model)),
  render(r, _body, blocked) {
    const out = r.native?.protocol === 'anthropic' ? fromNative(r, r.native.body, blocked !== undefined) : fromCanonical(r);
    if (blocked !== undefined) out.warden = blocked;
    return out;
  },
  streamRenderer,
};
