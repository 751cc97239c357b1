/**
 * Canonical stream events as the Responses API's typed SSE events: response.created, output items (a message
 * with its output_text part, function calls with their argument deltas), then response.completed, or
 * response.incomplete when the answer was cut short or blocked. Every event carries its sequence_number.
 */
import type { ToolCall } from '../../spec/tools.js';
import { openaiErrorBody } from '../errors.js';
import { arr, obj, str, type Json } from '../upstreams/json.js';
import { sseEvent } from '../stream/sse.js';
import type { ReasoningEvent, StreamRenderer } from './wire.js';
import { functionCallItem, itemId, messageItem, outputText, responseId, responseObject, type ResponseParts } from './wire-responses-render.js';

export function responsesStreamRenderer(body: Json): StreamRenderer {
  let seq = 0;
  const parts: ResponseParts = { id: '', model: '', createdAt: Math.floor(Date.now() / 1000), output: [], stored: false };
  let message: { id: string; index: number; text: string } | undefined;
  // A native upstream's response as its stream has built it so far (upstreams/responses.ts): the source of item ids.
  let provider: Json | undefined;
  let messagesOpened = 0;
  const providerItemId = (type: string, nth: number, callId?: string): string | undefined => {
    const items = arr(provider?.output).map(obj).filter((i) => i.type === type && (callId === undefined || i.call_id === callId));
    return str(items[callId === undefined ? nth : 0]?.id);
  };
  const emit = (type: string, fields: Json): string => sseEvent(type, Object.assign({ type, sequence_number: seq++ }, fields));
  const snapshot = (): Json => responseObject(parts, body);
  const closeMessage = (): string => {
    if (message === undefined) return '';
    const { id, index, text } = message;
    message = undefined;
    const item = messageItem(id, text, 'completed');
    parts.output[index] = item;
    return (
      emit('response.output_text.done', { item_id: id, output_index: index, content_index: 0, text, logprobs: [] }) +
      emit('response.content_part.done', { item_id: id, output_index: index, content_index: 0, part: outputText(text) }) +
      emit('response.output_item.done', { output_index: index, item })
    );
  };
  const openMessage = (): string => {
    const id = providerItemId('message', messagesOpened++) ?? itemId('msg');
    const index = parts.output.length;
    message = { id, index, text: '' };
    const item = messageItem(id, '', 'in_progress');
    parts.output.push(item);
    return (
      emit('response.output_item.added', { output_index: index, item }) +
      emit('response.content_part.added', { item_id: id, output_index: index, content_index: 0, part: outputText('') })
    );
  };
  // A reasoning item being streamed (its summary text is scanned like the answer: ReasoningRelay in stream.ts).
  let thought: { id: string; index: number; text: string; part: boolean } | undefined;
  let thoughtsOpened = 0;
  const openThought = (): { id: string; index: number; text: string; part: boolean } => {
    const id = providerItemId('reasoning', thoughtsOpened++) ?? itemId('rs');
    thought = { id, index: parts.output.length, text: '', part: false };
    parts.output.push({ id, type: 'reasoning', summary: [] });
    return thought;
  };
  const reasoning = (ev: ReasoningEvent): string => {
    // Redacted thinking (Anthropic) has no Responses counterpart.
    if (ev.type === 'redacted_thinking') return '';
    let out = closeMessage();
    const fresh = thought === undefined;
    const t = thought ?? openThought();
    if (fresh) out += emit('response.output_item.added', { output_index: t.index, item: { id: t.id, type: 'reasoning', summary: [] } });
    const at = { item_id: t.id, output_index: t.index, summary_index: 0 };
    if (ev.type === 'thinking') {
      if (!t.part) out += emit('response.reasoning_summary_part.added', Object.assign({ part: { type: 'summary_text', text: '' } }, at));
      t.part = true;
      t.text += ev.text;
      return out + emit('response.reasoning_summary_text.delta', Object.assign({ delta: ev.text }, at));
    }
    thought = undefined;
    const summary = t.part ? [{ type: 'summary_text', text: t.text }] : [];
    if (t.part) {
      out += emit('response.reasoning_summary_text.done', Object.assign({ text: t.text }, at));
      out += emit('response.reasoning_summary_part.done', Object.assign({ part: summary[0] }, at));
    }
    const item: Json = { id: t.id, type: 'reasoning', summary };
    if (ev.signature !== undefined) item.encrypted_content = ev.signature;
    parts.output[t.index] = item;
    return out + emit('response.output_item.done', { output_index: t.index, item });
  };
  return {
    reasoning,
    start(id, model, native) {
      if (native?.body.object === 'response') provider = native.body;
      parts.id = responseId(id);
      parts.stored = parts.id === id;
      parts.model = model;
      const response = snapshot();
      return emit('response.created', { response }) + emit('response.in_progress', { response });
    },
    text(text) {
      const open = message === undefined ? openMessage() : '';
      const m = message as { id: string; index: number; text: string };
      m.text += text;
      return open + emit('response.output_text.delta', { item_id: m.id, output_index: m.index, content_index: 0, delta: text, logprobs: [] });
    },
    tool(_index, call: ToolCall) {
      const closed = closeMessage();
      const id = providerItemId('function_call', 0, call.id) ?? itemId('fc');
      const index = parts.output.length;
      const item = functionCallItem(id, call, 'completed');
      parts.output.push(item);
      return (
        closed +
        emit('response.output_item.added', { output_index: index, item: functionCallItem(id, call, 'in_progress') }) +
        emit('response.function_call_arguments.delta', { item_id: id, output_index: index, delta: call.arguments }) +
        emit('response.function_call_arguments.done', { item_id: id, output_index: index, name: call.name, arguments: call.arguments }) +
        emit('response.output_item.done', { output_index: index, item })
      );
    },
    end(finish, usage, close) {
      const closed = closeMessage();
      parts.finish = finish;
      parts.usage = usage;
      const response = snapshot();
      if (close?.blocked !== undefined) response.warden = close.blocked;
      return closed + emit(response.status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
    },
    error(err) {
      const { message: text, code, param } = openaiErrorBody(err).error;
      return emit('error', { code, message: text, param });
    },
  };
}
