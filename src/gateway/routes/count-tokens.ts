/**
 * POST /v1/messages/count_tokens. Not a generation, but its body goes to the provider, so it gets the input scan
 * of /v1/messages: the same field inventory (unknown fields and block types refused alike), a block refuses it
 * and a redaction is applied first, so the count is that of the body /v1/messages would send. Anthropic upstreams
 * count it themselves; the demo counts as it meters; OpenAI-compatible upstreams of a known model family get a
 * local count with the shipped tokenizer, others a 400.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayError } from '../errors.js';
import { arr, obj, str, type Json } from '../upstreams/json.js';
import { anthropicToOpenAI } from '../upstreams/translate.js';
import { countTokens, encodingFor } from '../tokenizer.js';
import { anthropicBodySchema, anthropicWire } from './wire-anthropic.js';
import { prepare, type RequestShape } from './prepare.js';
import { callUpstream, upstreamNamed } from './upstream-call.js';
import { withFields } from '../../core/objects.js';
import type { GatewayRuntime } from './runtime.js';

const COUNT_REQUEST: RequestShape = { schema: anthropicBodySchema.omit({ max_tokens: true }), slots: anthropicWire.slots, tools: anthropicWire.tools };

/** Tokens per chat message and to prime the answer, in OpenAI's published estimate for chat input. */
const PER_MESSAGE = 3;
const REPLY_PRIMING = 3;

/** The texts of an OpenAI chat body, as the model reads them, and the fixed overhead of its messages. */
function chatTexts(body: Json): { texts: string[]; overhead: number } {
  const texts: string[] = [];
  const messages = arr(body.messages).map(obj);
  for (const m of messages) {
    texts.push(str(m.role) ?? '');
    const c = m.content;
    if (typeof c === 'string') texts.push(c);
    else for (const p of arr(c)) texts.push(str(obj(p).text) ?? '');
    for (const t of arr(m.tool_calls)) texts.push(JSON.stringify(obj(t).function ?? {}));
  }
  if (arr(body.tools).length > 0) texts.push(JSON.stringify(body.tools));
  return { texts, overhead: messages.length * PER_MESSAGE + REPLY_PRIMING };
}

/** Relayed to Anthropic like on /v1/messages: beta features change what is counted. */
function betaHeader(req: FastifyRequest): Record<string, string> {
  const beta = req.headers['anthropic-beta'];
  return typeof beta === 'string' ? { 'anthropic-beta': beta } : {};
}

export function registerCountTokensRoute(app: FastifyInstance, rt: GatewayRuntime): void {
  app.post('/v1/messages/count_tokens', async (req, reply) => {
    const rec = rt.recorderOf(req);
    const prep = await prepare(rt, req, rec, COUNT_REQUEST);
    const upstream = upstreamNamed(rt, prep.target.upstream);
    const model = prep.target.model;
    let answer: Json | undefined;
    if (upstream.protocol === 'anthropic' && upstream.countTokens) {
      answer = await callUpstream(rt, reply, rec, upstream.name, upstream.countTokens, { body: withFields(prep.body, { model }), headers: betaHeader(req) });
    } else {
      const body = anthropicToOpenAI(prep.body, model);
      const encoding = encodingFor(model, String(prep.body.model));
      if (upstream.countTokens) answer = await callUpstream(rt, reply, rec, upstream.name, upstream.countTokens, { body });
      else if (encoding !== undefined) {
        const { texts, overhead } = chatTexts(body);
        answer = { input_tokens: overhead + (await countTokens(texts, encoding)) };
      } else {
        throw new GatewayError('invalid_request', `Upstream "${upstream.name}" cannot count tokens and the gateway knows no tokenizer for model "${model}".`, { param: 'model' });
      }
    }
    if (answer === undefined) return reply;
    rec.answered(`[count_tokens] ${String(answer.input_tokens)} input tokens`);
    return answer;
  });
}
