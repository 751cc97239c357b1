/**
 * POST /v1/embeddings (OpenAI shape). Every input is scanned as a user message: a block refuses the request, a
 * redaction changes the text that is embedded (and so the vector), an allow forwards it as sent. Token-array
 * inputs are decoded with the model family's tokenizer so the scan can read them; for an unknown family they
 * are refused. The upstream's answer (vectors, usage) is passed through unchanged.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GatewayError } from '../errors.js';
import { arr, type Json } from '../upstreams/json.js';
import { decodeTokens, encodingFor, TokenizerError, type Encoding } from '../tokenizer.js';
import { withFields } from '../../core/objects.js';
import { FREE, collectSlots, type FieldShape } from './request-fields.js';
import { prepare, type RequestShape } from './prepare.js';
import type { TextSlot } from './wire.js';
import { callUpstream, upstreamNamed } from './upstream-call.js';
import type { GatewayRuntime } from './runtime.js';

/** OpenAI's own bound on inputs per request. */
const MAX_INPUTS = 2048;
const TOKEN_IDS = z.array(z.number().int().nonnegative()).min(1);

export const embeddingsBodySchema = z.looseObject({
  model: z.string().min(1).max(256),
  input: z.union([z.string(), z.array(z.string()).min(1).max(MAX_INPUTS), TOKEN_IDS, z.array(TOKEN_IDS).min(1).max(MAX_INPUTS)]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional(),
});

/** The request fields: `input` strings and `user` are scanned; unknown fields are refused unless allowed by name. */
const EMBEDDINGS_REQUEST: FieldShape = {
  closed: true,
  skip: ['model', 'encoding_format'],
  fields: { model: FREE, encoding_format: FREE, input: {}, dimensions: {}, user: FREE },
};

/** The token-array inputs of a body by position (`input.N`, or `input` for a single array). */
function tokenInputs(input: unknown): Map<string, number[]> {
  const list = arr(input);
  if (list.length > 0 && typeof list[0] === 'number') return new Map([['input', list as number[]]]);
  const out = new Map<string, number[]>();
  list.forEach((x, i) => {
    if (Array.isArray(x)) out.set(`input.${i}`, x as number[]);
  });
  return out;
}

async function decodeAll(tokens: Map<string, number[]>, encoding: Encoding): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [path, ids] of tokens) {
    try {
      out.set(path, await decodeTokens(ids, encoding));
    } catch (err) {
      if (err instanceof TokenizerError) throw new GatewayError('invalid_request', `${path} holds a token id the ${encoding} encoding does not have.`, { param: path });
      throw err;
    }
  }
  return out;
}

/**
 * The request shape for prepare(): string inputs through the field walker, decoded token arrays as slots of their
 * own. A redacted token input is sent as text; then every token input is, since `input` may not mix the two.
 */
function embeddingsShape(decoded: Map<string, string>, redacted: Map<string, string>): RequestShape {
  const slots = (body: Json, extra?: Parameters<RequestShape['slots']>[1]): TextSlot[] => {
    const out = collectSlots(body, EMBEDDINGS_REQUEST, extra);
    for (const [path, text] of decoded) {
      out.push({ role: 'user', path, text, set: (t) => redacted.set(path, t) });
    }
    return out;
  };
  return { schema: embeddingsBodySchema, slots, tools: () => [] };
}

function asText(input: unknown, decoded: Map<string, string>, redacted: Map<string, string>): unknown {
  const text = (path: string) => redacted.get(path) ?? decoded.get(path) ?? '';
  if (decoded.has('input')) return text('input');
  return arr(input).map((x, i) => (Array.isArray(x) ? text(`input.${i}`) : x));
}

export function registerEmbeddingsRoute(app: FastifyInstance, rt: GatewayRuntime): void {
  app.post('/v1/embeddings', async (req, reply) => {
    const rec = rt.recorderOf(req);
    const raw = embeddingsBodySchema.safeParse(req.body);
    const tokens = raw.success ? tokenInputs(raw.data.input) : new Map<string, number[]>();
    let decoded = new Map<string, string>();
    if (raw.success && tokens.size > 0) {
      const model = raw.data.model;
      rec.modelRequested(model);
      const encoding = encodingFor(rt.config.models[model]?.model ?? model, model);
      if (encoding === undefined) {
        throw new GatewayError(
          'invalid_request',
          `input holds token ids, which the gateway must decode to scan, and it knows no tokenizer for model "${model}". Send the input as text.`,
          { param: 'input' },
        );
      }
      decoded = await decodeAll(tokens, encoding);
    }
    const redacted = new Map<string, string>();
    const prep = await prepare(rt, req, rec, embeddingsShape(decoded, redacted));
    const upstream = upstreamNamed(rt, prep.target.upstream);
    if (upstream.embeddings === undefined) {
      throw new GatewayError('invalid_request', `Model "${String(prep.body.model)}" is served by upstream "${upstream.name}" (${upstream.protocol}), which has no embeddings endpoint.`, {
        param: 'model',
      });
    }
    const input = redacted.size > 0 ? asText(prep.body.input, decoded, redacted) : prep.body.input;
    const body = withFields(prep.body, { model: prep.target.model, input });
    const answer = await callUpstream(rt, reply, rec, prep.target.upstream, upstream.embeddings, { body });
    if (answer === undefined) return reply;
    const usage = answer.usage as { prompt_tokens?: unknown } | undefined;
    rec.answered(`[embeddings] ${arr(answer.data).length} vector(s)`);
    rec.metered({ promptTokens: typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : undefined, completionTokens: 0 });
    return answer;
  });
}
