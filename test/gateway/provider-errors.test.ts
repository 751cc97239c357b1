/**
 * Provider errors kept (issue 14, point 4): the provider's status, type, code and param reach the client library
 * as the error it would raise talking to the provider directly, and a 429's retry-after and rate-limit headers are
 * forwarded. The circuit breaker still counts only upstream faults.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { GatewayError, anthropicErrorBody, openaiErrorBody } from '../../src/gateway/errors.js';
import { anthropicEvents } from '../../src/gateway/upstreams/anthropic.js';
import { openaiEvents } from '../../src/gateway/upstreams/openai.js';
import { PROVIDER_ERRORS, RATE_LIMIT_HEADERS } from './helpers/fake-provider.js';
import { TEST_KEY } from './helpers/gateway.js';
import { providerGateway } from './helpers/shared-gateway.js';

const env = providerGateway();
const ask = [{ role: 'user' as const, content: 'Summarise the attached book.' }];

function anthropicClient(): Anthropic {
  return new Anthropic({ baseURL: env.gw().url, apiKey: TEST_KEY, maxRetries: 0 });
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

const OPENAI_RATE_HEADERS = Object.entries(RATE_LIMIT_HEADERS).filter(([k]) => !k.startsWith('anthropic-'));

describe('openai SDK: provider errors as the provider raised them', () => {
  it('400 context_length_exceeded is a BadRequestError with the provider code, type and param', async () => {
    env.provider().script.push(PROVIDER_ERRORS.contextLength);
    const err = await rejection(env.client().chat.completions.create({ model: 'gpt-rich', messages: ask }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'context_length_exceeded', type: 'invalid_request_error', param: 'messages' });
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.message).toContain('Warden: upstream "rich" answered HTTP 400');
    expect(e.message).toContain("maximum context length is 128000 tokens");
    expect(e.requestID).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.headers?.get('x-warden-request-id')).toBe(e.requestID);
    const rec = await env.gw().audit(e.requestID);
    expect(rec).toMatchObject({ status: 400, errorCode: 'upstream_rejected', action: 'error' });
  });

  it('429 is a RateLimitError with retry-after: 7 and the provider x-ratelimit-* headers', async () => {
    env.provider().script.push(PROVIDER_ERRORS.rateLimit);
    const err = await rejection(env.client().chat.completions.create({ model: 'gpt-rich', messages: ask }));
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
    const headers = (err as InstanceType<typeof OpenAI.RateLimitError>).headers;
    for (const [k, v] of OPENAI_RATE_HEADERS) expect([k, headers?.get(k)]).toEqual([k, v]);
  });

  it('an Anthropic provider error reaches an OpenAI client with its status and type, the code Warden\'s', async () => {
    env.provider().script.push(PROVIDER_ERRORS.contextLength);
    const err = await rejection(env.client().chat.completions.create({ model: 'claude-rich', messages: ask }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'upstream_rejected' });
  });
});

describe('Anthropic SDK: provider errors as the provider raised them', () => {
  it('429 is a RateLimitError with rate_limit_error, retry-after and the anthropic-ratelimit-* headers', async () => {
    env.provider().script.push(PROVIDER_ERRORS.rateLimit);
    const err = await rejection(anthropicClient().messages.create({ model: 'claude-rich', max_tokens: 64, messages: ask }));
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    const e = err as InstanceType<typeof Anthropic.RateLimitError>;
    expect(e.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    for (const [k, v] of Object.entries(RATE_LIMIT_HEADERS)) expect([k, e.headers?.get(k)]).toEqual([k, v]);
    expect(e.requestID).toBe(e.headers?.get('x-warden-request-id'));
  });

  it('400 is a BadRequestError with the provider message under Warden\'s prefix', async () => {
    env.provider().script.push(PROVIDER_ERRORS.contextLength);
    const err = await rejection(anthropicClient().messages.create({ model: 'claude-rich', max_tokens: 64, messages: ask }));
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringMatching(/^Warden: upstream "rich-claude" answered HTTP 400: This model's maximum context length/) },
    });
  });
});

describe('the circuit breaker counts upstream faults only', () => {
  const local = providerGateway({ gateway: { breaker: { failure_threshold: 2, cooldown_ms: 60_000 } } });
  it('provider 4xx answers never open it; 5xx answers (502, the provider type kept) do', async () => {
    for (let i = 0; i < 3; i++) local.provider().script.push(PROVIDER_ERRORS.contextLength);
    for (let i = 0; i < 3; i++) expect(await rejection(local.client().chat.completions.create({ model: 'gpt-rich', messages: ask }))).toMatchObject({ status: 400 });
    local.provider().script.push({ kind: 'text', text: 'still fine' });
    const ok = await local.client().chat.completions.create({ model: 'gpt-rich', messages: ask });
    expect(ok.choices[0]?.message.content).toBe('still fine');

    local.provider().script.push(PROVIDER_ERRORS.server, PROVIDER_ERRORS.server);
    for (let i = 0; i < 2; i++) expect(await rejection(local.client().chat.completions.create({ model: 'gpt-rich', messages: ask }))).toMatchObject({ status: 502, type: 'server_error' });
    const open = await rejection(local.client().chat.completions.create({ model: 'gpt-rich', messages: ask }));
    expect(open).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    expect(local.provider().requests).toHaveLength(6);
  });
});

describe('error events inside a stream keep the provider type', () => {
  async function* bytes(text: string): AsyncGenerator<Buffer> {
    yield Buffer.from(text, 'utf8');
  }

  it('Anthropic overloaded_error mid-stream stays overloaded_error for Anthropic clients', async () => {
    const sse =
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"m","usage":{"input_tokens":3}}}\n\n' +
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    const err = await rejection((async () => {
      for await (const _ of anthropicEvents(bytes(sse))) void _;
    })());
    expect(err).toBeInstanceOf(GatewayError);
    expect(anthropicErrorBody(err as GatewayError)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Warden: upstream stream error: Overloaded' } });
  });

  it('an OpenAI error chunk keeps its type and code', async () => {
    const sse = 'data: {"error":{"message":"boom","type":"server_error","code":"internal","param":null}}\n\n';
    const err = await rejection((async () => {
      for await (const _ of openaiEvents(bytes(sse))) void _;
    })());
    expect(err).toBeInstanceOf(GatewayError);
    expect(openaiErrorBody(err as GatewayError)).toEqual({ error: { message: 'Warden: upstream stream error: boom', type: 'server_error', code: 'internal', param: null } });
  });
});

describe('a provider that breaks its answer: a clean error in the client protocol, audited, the gateway serving on', () => {
  const cases = [
    ['/v1/messages', 'claude-rich', 'malformed-sse', 'upstream_bad_response'],
    ['/v1/messages', 'claude-rich', 'cut-mid-event', 'upstream_error'],
    ['/v1/chat/completions', 'gpt-rich', 'malformed-sse', 'upstream_bad_response'],
    ['/v1/chat/completions', 'gpt-rich', 'cut-mid-event', 'upstream_error'],
    ['/v1/chat/completions', 'claude-rich', 'cut-mid-event', 'upstream_error'],
    ['/v1/messages', 'gpt-rich', 'malformed-sse', 'upstream_bad_response'],
  ] as const;

  async function call(path: string, model: string, stream: boolean) {
    const body = { model, max_tokens: 64, messages: ask, stream };
    return env.gw().app.inject({ method: 'POST', url: path, headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' }, payload: body });
  }

  it.each(cases)('%s %s, streamed, %s', async (path, model, kind, code) => {
    env.provider().script.push({ kind, chunks: ['partial ', 'answer '] });
    const res = await call(path, model, true);
    expect(res.statusCode).toBe(200);
    const last = res.body.trimEnd().split('\n\n').at(-1) ?? '';
    if (path === '/v1/messages') {
      expect(last).toMatch(/^event: error\n/);
      expect(JSON.parse(last.slice(last.indexOf('data: ') + 6))).toMatchObject({ type: 'error', error: { type: 'api_error', message: expect.any(String) } });
    } else {
      expect(JSON.parse(last.slice('data: '.length))).toMatchObject({ error: { code, type: 'api_error' } });
    }
    expect(await env.gw().audit(res.headers['x-warden-request-id'] as string)).toMatchObject({ streamed: true, action: 'error', errorCode: code });
    env.provider().script.push({ kind: 'text', text: 'still serving' });
    expect((await call(path, model, false)).statusCode).toBe(200);
  });

  it.each([
    ['/v1/messages', 'claude-rich', 'malformed-sse'],
    ['/v1/chat/completions', 'gpt-rich', 'cut-mid-event'],
  ] as const)('%s %s, JSON, %s: 502 in the protocol shape', async (path, model, kind) => {
    env.provider().script.push({ kind });
    const res = await call(path, model, false);
    expect(res.statusCode).toBe(502);
    const json = res.json<Record<string, unknown>>();
    if (path === '/v1/messages') expect(json).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    else expect(json).toMatchObject({ error: { type: 'api_error' } });
    expect(await env.gw().audit(res.headers['x-warden-request-id'] as string)).toMatchObject({ action: 'error', status: 502 });
  });
});
