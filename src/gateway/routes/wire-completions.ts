/**
 * The legacy OpenAI Completions API (POST /v1/completions) as one more wire adapter: the prompt (and `suffix`)
 * is scanned as user input, the answer text goes through the output scan and, streamed, the same hold-back.
 * It is forwarded untranslated to the upstream's own completions endpoint (OpenAI-compatible servers, the demo);
 * a prompt is not a conversation, so nothing translates it for an Anthropic upstream.
 */
import { z } from 'zod';
import { GatewayError, openaiErrorBody } from '../errors.js';
import { isObj, obj, type Json } from '../upstreams/json.js';
import { sseData } from '../stream/sse.js';
import { FREE, collectSlots, type FieldShape } from './request-fields.js';
import type { StreamRenderer, WireAdapter } from './wire.js';
import type { ChatResult, FinishReason, Usage } from '../upstreams/types.js';

const one = 'the gateway scans and returns one completion per request';

export const completionsBodySchema = z.looseObject({
  model: z.string().min(1).max(256),
  // Token-id prompts cannot be scanned without the model's tokenizer; several prompts would be several answers.
  prompt: z.union([z.string(), z.array(z.string()).length(1, `${one}: send one prompt`)]),
  suffix: z.string().nullish(),
  stream: z.boolean().nullish(),
  n: z.number().int().min(1).max(1, `${one}; n > 1 is not supported`).nullish(),
  best_of: z.number().int().min(1).max(1, `${one}; best_of > 1 is not supported`).nullish(),
});

const OPTIONS: FieldShape = {};
const PARAMS = ['best_of', 'echo', 'frequency_penalty', 'logit_bias', 'logprobs', 'max_tokens', 'n', 'presence_penalty', 'seed', 'stream', 'stream_options', 'temperature', 'top_p'];

/** The request fields: `prompt`, `suffix`, `stop`, `user` are text (role `user`); unknown fields are refused. */
const COMPLETIONS_REQUEST: FieldShape = {
  closed: true,
  skip: ['model'],
  fields: { model: FREE, prompt: {}, suffix: {}, stop: FREE, user: FREE, metadata: FREE, ...Object.fromEntries(PARAMS.map((k) => [k, OPTIONS])) },
};

/** What the legacy API reports; tool calls do not exist there. */
function finishOf(f: FinishReason): string {
  return f === 'tool_calls' ? 'stop' : f;
}

function usageJson(u: Usage): Json {
  return { prompt_tokens: u.promptTokens, completion_tokens: u.completionTokens, total_tokens: u.promptTokens + u.completionTokens };
}

/**
 * The provider's `text_completion` with the fields the gateway rewrites: the text (after the output scan), the
 * finish reason and the model name. Log probabilities describe the provider's text, so they go when it changed.
 */
function render(r: ChatResult): Json {
  const native = r.native?.protocol === 'openai' && r.native.body.object === 'text_completion' ? r.native.body : undefined;
  const choice = obj(Array.isArray(native?.choices) ? native.choices[0] : undefined);
  const unchanged = choice.text === r.content;
  const out: Json = Object.assign({ id: r.id, object: 'text_completion', created: Math.floor(Date.now() / 1000) }, native, { model: r.model });
  out.choices = [Object.assign({ index: 0 }, choice, { text: r.content, logprobs: unchanged ? (choice.logprobs ?? null) : null, finish_reason: finishOf(r.finishReason) })];
  if (r.usage !== undefined && !isObj(native?.usage)) out.usage = usageJson(r.usage);
  return out;
}

function streamRenderer(body: Json): StreamRenderer {
  const wantsUsage = obj(body.stream_options).include_usage === true;
  let id = '';
  let model = '';
  const created = Math.floor(Date.now() / 1000);
  const chunk = (text: string, finish: string | null) => sseData({ id, object: 'text_completion', created, model, choices: [{ text, index: 0, logprobs: null, finish_reason: finish }] });
  return {
    start(i, m) {
      id = i;
      model = m;
      return '';
    },
    text: (text) => chunk(text, null),
    tool: () => '',
    end(finish, usage) {
      let out = chunk('', finishOf(finish));
      if (wantsUsage && usage !== undefined) out += sseData({ id, object: 'text_completion', created, model, choices: [], usage: usageJson(usage) });
      return `${out}data: [DONE]\n\n`;
    },
    error: (err) => sseData(openaiErrorBody(err)),
  };
}

export const completionsWire: WireAdapter = {
  protocol: 'openai',
  route: '/v1/completions',
  schema: completionsBodySchema,
  slots: (body, extra) => collectSlots(body, COMPLETIONS_REQUEST, extra),
  tools: () => [],
  native: (upstream) => upstream.completions,
  toUpstream(_body, upstream) {
    throw new GatewayError('invalid_request', `Legacy completions need an OpenAI-compatible upstream; this model is served by an ${upstream} upstream. Use /v1/chat/completions.`, {
      param: 'model',
    });
  },
  render,
  streamRenderer,
};
