/** The fake provider's OpenAI Responses API answers: a `response` object, or its typed stream events. */
import { CREATED, USAGE, faultFrames, logprobOf, replyChunks, replyText, tokensOf, type Body, type Frames, type Reply } from './replies.js';

type Answer = Exclude<Reply, { kind: 'error' }>;

function usage(outputTokens: number): Body {
  return {
    input_tokens: USAGE.input,
    input_tokens_details: { cached_tokens: USAGE.cachedInput },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: USAGE.reasoning },
    total_tokens: USAGE.input + outputTokens,
  };
}

function logprobs(tokens: string[], offset: number): Body[] {
  return tokens.map((token, i) => ({ token, logprob: logprobOf(offset + i), bytes: [...Buffer.from(token, 'utf8')], top_logprobs: [] }));
}

function wantsLogprobs(req: Body): boolean {
  return Array.isArray(req.include) && req.include.includes('message.output_text.logprobs');
}

function reasoningItem(r: Answer): Body[] {
  if (r.kind !== 'text' || !r.thinking) return [];
  return [{ type: 'reasoning', id: 'rs_fake_1', summary: [{ type: 'summary_text', text: r.thinking.text }], encrypted_content: r.thinking.signature }];
}

function messageItem(req: Body, text: string, status: string): Body {
  const part = { type: 'output_text', text, annotations: [], logprobs: wantsLogprobs(req) ? logprobs(tokensOf(text), 0) : [] };
  return { type: 'message', id: 'msg_fake_1', status, role: 'assistant', content: status === 'completed' ? [part] : [] };
}

function callItem(r: Extract<Reply, { kind: 'tool' }>, args: string, status: string): Body {
  return { type: 'function_call', id: 'fc_fake_1', call_id: r.id ?? 'call_fake_1', name: r.name, arguments: args, status };
}

function outputOf(req: Body, r: Answer): Body[] {
  if (r.kind === 'tool') return [callItem(r, JSON.stringify(r.args), 'completed')];
  return [...reasoningItem(r), messageItem(req, replyText(r), 'completed')];
}

/** A `response` object echoing the request's settings the way the API does. */
export function responseJson(req: Body, r: Answer, id: string, status = 'completed'): Body {
  const output = status === 'completed' ? outputOf(req, r) : [];
  const outTokens = r.kind === 'tool' ? 9 : tokensOf(replyText(r)).length;
  return {
    id,
    object: 'response',
    created_at: CREATED,
    status,
    error: null,
    incomplete_details: null,
    instructions: req.instructions ?? null,
    max_output_tokens: req.max_output_tokens ?? null,
    model: req.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: req.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: req.store ?? true,
    temperature: 1,
    text: req.text ?? { format: { type: 'text' } },
    tool_choice: req.tool_choice ?? 'auto',
    tools: req.tools ?? [],
    top_p: 1,
    truncation: 'disabled',
    usage: status === 'completed' ? usage(outTokens) : null,
    user: null,
    metadata: {},
  };
}

/** The typed events of a streamed response, numbered by `sequence_number`. */
export function responseStream(req: Body, r: Answer, id: string): Frames {
  let seq = 0;
  const ev = (type: string, data: Body): string => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`;
  const head = [ev('response.created', { response: responseJson(req, r, id, 'in_progress') }), ev('response.in_progress', { response: responseJson(req, r, id, 'in_progress') })];
  const body: string[] = [];
  if (r.kind === 'tool') {
    const args = JSON.stringify(r.args);
    const half = Math.floor(args.length / 2);
    body.push(
      ev('response.output_item.added', { output_index: 0, item: callItem(r, '', 'in_progress') }),
      ev('response.function_call_arguments.delta', { item_id: 'fc_fake_1', output_index: 0, delta: args.slice(0, half) }),
      ev('response.function_call_arguments.delta', { item_id: 'fc_fake_1', output_index: 0, delta: args.slice(half) }),
      ev('response.function_call_arguments.done', { item_id: 'fc_fake_1', output_index: 0, arguments: args }),
      ev('response.output_item.done', { output_index: 0, item: callItem(r, args, 'completed') }),
    );
    return { frames: [...head, ...body, ev('response.completed', { response: responseJson(req, r, id) })], destroy: false };
  }
  const reasoning = reasoningItem(r);
  for (const item of reasoning) {
    body.push(ev('response.output_item.added', { output_index: 0, item }), ev('response.output_item.done', { output_index: 0, item }));
  }
  const out = reasoning.length;
  const text = replyText(r);
  body.push(
    ev('response.output_item.added', { output_index: out, item: messageItem(req, '', 'in_progress') }),
    ev('response.content_part.added', { item_id: 'msg_fake_1', output_index: out, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }),
  );
  let at = 0;
  for (const c of replyChunks(r)) {
    const lp = wantsLogprobs(req) ? logprobs(tokensOf(c), at) : [];
    at += tokensOf(c).length;
    body.push(ev('response.output_text.delta', { item_id: 'msg_fake_1', output_index: out, content_index: 0, delta: c, logprobs: lp }));
  }
  const done = messageItem(req, text, 'completed');
  const end = [
    ev('response.output_text.done', { item_id: 'msg_fake_1', output_index: out, content_index: 0, text, logprobs: [] }),
    ev('response.content_part.done', { item_id: 'msg_fake_1', output_index: out, content_index: 0, part: (done.content as Body[])[0] }),
    ev('response.output_item.done', { output_index: out, item: done }),
    ev('response.completed', { response: responseJson(req, r, id) }),
  ];
  return faultFrames(r, [...head, ...body], end[0] ?? '', [...head, ...body, ...end]);
}
