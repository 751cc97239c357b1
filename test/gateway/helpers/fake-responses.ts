/** The fake provider's Responses API (POST /v1/responses): answers and typed event streams for a script entry. */
import type { Script } from './fake-upstream.js';

const RESPONSE = { id: 'resp_fake1', object: 'response', created_at: 1, model: 'fake-model' };
const USAGE = { input_tokens: 13, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 18 };
const ENCRYPTED = 'gAAAAABfakeEncryptedReasoning';

/** The reasoning summary every answer carries; a test may set another (e.g. one holding a secret). */
export const fakeReasoning = { summary: 'Thinking it over.' };

function reasoning(): Record<string, unknown> {
  return { id: 'rs_fake1', type: 'reasoning', summary: [{ type: 'summary_text', text: fakeReasoning.summary }], encrypted_content: ENCRYPTED };
}

function items(s: Script): Record<string, unknown>[] {
  if (s.kind === 'tool') return [reasoning(), { id: 'fc_fake1', type: 'function_call', status: 'completed', call_id: 'call_fake1', name: s.name, arguments: s.args }];
  const text = s.kind === 'text' ? s.content : '';
  return [reasoning(), { id: 'msg_fake1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }];
}

export function responsesJson(s: Script): Record<string, unknown> {
  return { ...RESPONSE, status: 'completed', incomplete_details: null, output: items(s), usage: USAGE };
}

let seq = 0;
function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`;
}

/** The events of one answer; a cut or malformed stream stops after its chunks, before response.completed. */
export function responsesStream(s: Script): string[] {
  seq = 0;
  const frames = [
    event('response.created', { response: { ...RESPONSE, status: 'in_progress', output: [] } }),
    event('response.output_item.added', { output_index: 0, item: { id: 'rs_fake1', type: 'reasoning', summary: [] } }),
    event('response.reasoning_summary_part.added', { item_id: 'rs_fake1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } }),
    event('response.reasoning_summary_text.delta', { item_id: 'rs_fake1', output_index: 0, summary_index: 0, delta: fakeReasoning.summary }),
    event('response.output_item.done', { output_index: 0, item: reasoning() }),
  ];
  if (s.kind === 'tool') {
    const item = { id: 'fc_fake1', type: 'function_call', call_id: 'call_fake1', name: s.name };
    frames.push(event('response.output_item.added', { output_index: 1, item: { ...item, arguments: '', status: 'in_progress' } }));
    for (const a of s.argChunks ?? [s.args]) frames.push(event('response.function_call_arguments.delta', { item_id: 'fc_fake1', output_index: 1, delta: a }));
    frames.push(event('response.output_item.done', { output_index: 1, item: { ...item, arguments: s.args, status: 'completed' } }));
  } else {
    const chunks = s.kind === 'text' ? (s.chunks ?? [s.content]) : 'chunks' in s ? s.chunks : [];
    frames.push(event('response.output_item.added', { output_index: 1, item: { id: 'msg_fake1', type: 'message', status: 'in_progress', role: 'assistant', content: [] } }));
    for (const c of chunks) frames.push(event('response.output_text.delta', { item_id: 'msg_fake1', output_index: 1, content_index: 0, delta: c }));
    if (s.kind !== 'text' && s.kind !== 'slow-stream') return frames;
  }
  frames.push(event('response.completed', { response: responsesJson(s) }));
  return frames;
}
