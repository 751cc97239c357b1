/** The fake provider's OpenAI Chat Completions, legacy Completions and Embeddings answers, with the rich fields real ones carry. */
import { createHash } from 'node:crypto';
import {
  CREATED,
  SYSTEM_FINGERPRINT,
  USAGE,
  faultFrames,
  isRecord,
  logprobOf,
  replyChunks,
  replyText,
  sseData,
  tokensOf,
  type Body,
  type Frames,
  type Reply,
} from './replies.js';

type Answer = Exclude<Reply, { kind: 'error' }>;

export function chatUsage(outputTokens: number): Body {
  return {
    prompt_tokens: USAGE.input,
    completion_tokens: outputTokens,
    total_tokens: USAGE.input + outputTokens,
    prompt_tokens_details: { cached_tokens: USAGE.cachedInput, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: USAGE.reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function logprobEntries(tokens: string[], offset: number): Body[] {
  return tokens.map((token, i) => ({ token, logprob: logprobOf(offset + i), bytes: [...Buffer.from(token, 'utf8')], top_logprobs: [] }));
}

function toolCall(r: Extract<Reply, { kind: 'tool' }>): Body {
  return { id: r.id ?? 'call_fake_1', type: 'function', function: { name: r.name, arguments: JSON.stringify(r.args) } };
}

function outputTokens(r: Answer): number {
  return r.kind === 'tool' ? 9 : tokensOf(replyText(r)).length;
}

/** A `chat.completion` body. */
export function chatJson(req: Body, r: Answer, id: string): Body {
  const text = replyText(r);
  const message: Body =
    r.kind === 'tool'
      ? { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: [toolCall(r)] }
      : { role: 'assistant', content: text, refusal: null, annotations: [] };
  const logprobs = req.logprobs === true && r.kind !== 'tool' ? { content: logprobEntries(tokensOf(text), 0), refusal: null } : null;
  const finish = r.kind === 'tool' ? 'tool_calls' : r.kind === 'text' ? (r.finish ?? 'stop') : 'stop';
  return {
    id,
    object: 'chat.completion',
    created: CREATED,
    model: req.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    service_tier: 'default',
    choices: [{ index: 0, message, logprobs, finish_reason: finish }],
    usage: chatUsage(outputTokens(r)),
  };
}

/** `chat.completion.chunk` frames; a usage chunk (and `usage: null` on the others) only when `stream_options.include_usage` asks. */
export function chatStream(req: Body, r: Answer, id: string): Frames {
  const withUsage = isRecord(req.stream_options) && req.stream_options.include_usage === true;
  const chunk = (delta: Body, finish: string | null = null, logprobs: Body | null = null): string =>
    sseData({
      id,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: req.model,
      system_fingerprint: SYSTEM_FINGERPRINT,
      service_tier: 'default',
      choices: [{ index: 0, delta, logprobs, finish_reason: finish }],
      ...(withUsage ? { usage: null } : {}),
    });
  const tail = (finish: string): string[] => [
    chunk({}, finish),
    ...(withUsage
      ? [sseData({ id, object: 'chat.completion.chunk', created: CREATED, model: req.model, system_fingerprint: SYSTEM_FINGERPRINT, choices: [], usage: chatUsage(outputTokens(r)) })]
      : []),
    'data: [DONE]\n\n',
  ];
  if (r.kind === 'tool') {
    const call = toolCall(r);
    const args = JSON.stringify(r.args);
    const half = Math.floor(args.length / 2);
    return {
      frames: [
        chunk({ role: 'assistant', content: null, refusal: null }),
        chunk({ tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: r.name, arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] }),
        ...tail('tool_calls'),
      ],
      destroy: false,
    };
  }
  let at = 0;
  const head = [chunk({ role: 'assistant', content: '', refusal: null })];
  for (const c of replyChunks(r)) {
    const lp = req.logprobs === true ? { content: logprobEntries(tokensOf(c), at), refusal: null } : null;
    at += tokensOf(c).length;
    head.push(chunk({ content: c }, null, lp));
  }
  const end = tail(r.kind === 'text' ? (r.finish ?? 'stop') : 'stop');
  return faultFrames(r, head, end[0] ?? '', [...head, ...end]);
}

/** A legacy `text_completion` body (OpenAI's logprobs shape for it: parallel arrays). */
export function completionJson(req: Body, r: Answer, id: string): Body {
  const text = replyText(r);
  const tokens = tokensOf(text);
  const logprobs =
    typeof req.logprobs === 'number'
      ? { tokens, token_logprobs: tokens.map((_, i) => logprobOf(i)), top_logprobs: tokens.map(() => ({})), text_offset: offsets(tokens) }
      : null;
  return {
    id,
    object: 'text_completion',
    created: CREATED,
    model: req.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ text, index: 0, logprobs, finish_reason: 'stop' }],
    usage: chatUsage(tokens.length),
  };
}

function offsets(tokens: string[]): number[] {
  let at = 0;
  return tokens.map((t) => {
    const here = at;
    at += t.length;
    return here;
  });
}

export function completionStream(req: Body, r: Answer, id: string): Frames {
  const withUsage = isRecord(req.stream_options) && req.stream_options.include_usage === true;
  const chunk = (text: string, finish: string | null): string =>
    sseData({ id, object: 'text_completion', created: CREATED, model: req.model, system_fingerprint: SYSTEM_FINGERPRINT, choices: [{ text, index: 0, logprobs: null, finish_reason: finish }] });
  const head = replyChunks(r).map((c) => chunk(c, null));
  const end = [
    chunk('', 'stop'),
    ...(withUsage ? [sseData({ id, object: 'text_completion', created: CREATED, model: req.model, choices: [], usage: chatUsage(tokensOf(replyText(r)).length) })] : []),
    'data: [DONE]\n\n',
  ];
  return faultFrames(r, head, end[0] ?? '', [...head, ...end]);
}

/** A vector of `dims` floats in [-1, 1) derived from the text, so equal inputs embed equally. */
export function embeddingOf(text: string, dims: number): number[] {
  const out: number[] = [];
  for (let block = 0; out.length < dims; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (let i = 0; i < digest.length && out.length < dims; i++) out.push(((digest[i] ?? 0) - 128) / 128);
  }
  return out;
}

function embeddingInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  if (input.every((x) => typeof x === 'number')) return [input.join(',')];
  return input.map((x) => (typeof x === 'string' ? x : Array.isArray(x) ? x.join(',') : ''));
}

/** An embeddings list; `encoding_format: 'base64'` (the openai SDK's default) gets little-endian float32 base64. */
export function embeddingsJson(req: Body): Body {
  const dims = typeof req.dimensions === 'number' ? req.dimensions : 8;
  const inputs = embeddingInputs(req.input);
  const data = inputs.map((text, index) => {
    const vector = embeddingOf(text, dims);
    const embedding = req.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = inputs.reduce((n, t) => n + Math.max(1, tokensOf(t).length), 0);
  return { object: 'list', data, model: req.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}
