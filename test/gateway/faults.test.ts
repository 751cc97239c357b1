/** Bad input and upstream faults: each gets a clear error (or a clean stream end), the server keeps serving, and the audit record is written. */
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_KEY, type TestGateway } from './helpers/gateway.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ gateway: { body_limit_bytes: 64 * 1024, breaker: { failure_threshold: 1000, cooldown_ms: 60_000 } } });
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.fake.script = [];
  gw.fake.requests = [];
});

const auth = { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' };
const chat = (content: string, extra: Record<string, unknown> = {}) => JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content }], ...extra });

async function post(payload: string | Buffer, headers: Record<string, string> = auth, path = '/v1/chat/completions') {
  const res = await gw.app.inject({ method: 'POST', url: path, headers, payload });
  const id = res.headers['x-warden-request-id'];
  return { res, id: typeof id === 'string' ? id : undefined, json: () => res.json<{ error: { code: string; message: string; type: string } }>() };
}

describe('bad input', () => {
  it.each([
    ['malformed JSON', '{"model": "gpt-test", "messages": [', 400, 'invalid_json'],
    ['wrong types', JSON.stringify({ model: 42, messages: 'hi' }), 400, 'invalid_request'],
    ['missing messages', JSON.stringify({ model: 'gpt-test' }), 400, 'invalid_request'],
    ['n > 1', JSON.stringify({ model: 'gpt-test', n: 2, messages: [{ role: 'user', content: 'x' }] }), 400, 'invalid_request'],
    ['unknown role', JSON.stringify({ model: 'gpt-test', messages: [{ role: 'wizard', content: 'x' }] }), 400, 'invalid_request'],
    ['deep nesting', `{"model":"gpt-test","messages":[{"role":"user","content":"x"}],"x":${'['.repeat(500)}${']'.repeat(500)}}`, 400, 'body_too_deep'],
    ['empty body', '', 400, 'invalid_json'],
  ])('%s', async (_name, payload, status, code) => {
    const { res, id, json } = await post(payload);
    expect(res.statusCode).toBe(status);
    expect(json().error.code).toBe(code);
    const rec = await gw.audit(id);
    expect(rec).toMatchObject({ status, errorCode: code, action: 'error' });
  });

  it('rejects invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"model":"gpt-test","messages":[{"role":"user","content":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}')]);
    const { res, id, json } = await post(bytes);
    expect(res.statusCode).toBe(400);
    expect(json().error.code).toBe('invalid_utf8');
    await gw.audit(id);
  });

  it('answers a huge body with 413', async () => {
    const { res, id, json } = await post(chat('x'.repeat(100 * 1024)));
    expect(res.statusCode).toBe(413);
    expect(json().error.code).toBe('body_too_large');
    expect((await gw.audit(id)).status).toBe(413);
  });

  it('audits requests to unknown API paths', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/v1/audio/speech', headers: auth, payload: '{}' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
    expect(await gw.audit(res.headers['x-warden-request-id'] as string)).toMatchObject({ route: '/v1/audio/speech', status: 404, action: 'error', errorCode: 'not_found' });
  });

  it('answers a non-JSON content type with 415', async () => {
    const { res } = await post('hello', { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(415);
  });

  it('types a 415 on /v1/messages as a client error, not an Anthropic api_error (found by the fuzzer)', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/v1/messages', headers: { 'x-api-key': TEST_KEY, 'content-type': 'text/plain' }, payload: 'hello' });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('does not echo the offending text of malformed JSON', async () => {
    const { json } = await post('{"messages": "my password is hunter2" oops}');
    expect(json().error.message).not.toContain('hunter2');
  });

  it('puts x-warden-request-id on every response, including 404s and health checks', async () => {
    for (const url of ['/nope', '/healthz', '/readyz', '/v1/models']) {
      const res = await gw.app.inject({ method: 'GET', url, headers: auth });
      expect(res.headers['x-warden-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect((await gw.app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ready' });
  });

  it('uses the Anthropic error shape on /v1/messages', async () => {
    const { res } = await post('{', { 'x-api-key': TEST_KEY, 'content-type': 'application/json' }, '/v1/messages');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });
});

describe('upstream faults (non-streaming)', () => {
  it.each([
    ['5xx', { kind: 'status', status: 500 } as const, 502, 'upstream_error'],
    ['429', { kind: 'status', status: 429 } as const, 429, 'upstream_rate_limited'],
    ['timeout', { kind: 'hang' } as const, 504, 'upstream_timeout'],
    ['connection reset', { kind: 'reset' } as const, 502, 'upstream_error'],
    ['invalid JSON', { kind: 'invalid-json' } as const, 502, 'upstream_bad_response'],
  ])('%s', async (_name, script, status, code) => {
    gw.fake.script.push(script);
    const { res, id, json } = await post(chat('hello'));
    expect(res.statusCode).toBe(status);
    expect(json().error.code).toBe(code);
    expect(await gw.audit(id)).toMatchObject({ status, errorCode: code, action: 'error', upstream: 'fake' });
    // the process keeps serving
    gw.fake.script.push({ kind: 'text', content: 'still alive' });
    expect((await post(chat('again'))).res.statusCode).toBe(200);
  });
});

interface SseResult {
  status: number;
  id: string | undefined;
  frames: string[];
}

async function streamRaw(body: string): Promise<SseResult> {
  const res = await request(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: auth, body });
  const text = await res.body.text();
  const id = res.headers['x-warden-request-id'];
  return { status: res.statusCode, id: typeof id === 'string' ? id : undefined, frames: text.split('\n\n').filter((f) => f !== '') };
}

describe('upstream faults (streaming)', () => {
  it('a mid-stream upstream disconnect ends the stream with an error event, audited', async () => {
    gw.fake.script.push({ kind: 'cut-stream', chunks: ['partial ', 'answer '] });
    const r = await streamRaw(chat('hi', { stream: true }));
    expect(r.status).toBe(200);
    expect(r.frames.at(-1)).toMatch(/"code":"upstream_error"/);
    expect(await gw.audit(r.id)).toMatchObject({ streamed: true, action: 'error', errorCode: 'upstream_error' });
  });

  it('malformed SSE from the upstream ends the stream with an error event', async () => {
    gw.fake.script.push({ kind: 'malformed-sse', chunks: ['ok '] });
    const r = await streamRaw(chat('hi', { stream: true }));
    expect(r.frames.at(-1)).toMatch(/"code":"upstream_bad_response"/);
    expect((await gw.audit(r.id)).errorCode).toBe('upstream_bad_response');
  });

  it('an upstream 5xx before the stream starts is a plain JSON error', async () => {
    gw.fake.script.push({ kind: 'status', status: 503 });
    const r = await streamRaw(chat('hi', { stream: true }));
    expect(r.status).toBe(502);
    expect(JSON.parse(r.frames[0] ?? '{}')).toMatchObject({ error: { code: 'upstream_error' } });
  });

  it('a client disconnect mid-stream aborts the upstream call and is audited as 499', async () => {
    gw.fake.script.push({ kind: 'slow-stream', chunks: Array.from({ length: 40 }, (_, i) => `word${i} `), delayMs: 25 });
    const ac = new AbortController();
    const res = await request(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: auth, body: chat('hi', { stream: true }), signal: ac.signal });
    const id = res.headers['x-warden-request-id'] as string;
    let seen = '';
    try {
      for await (const chunk of res.body) {
        seen += String(chunk);
        if (seen.includes('word')) ac.abort();
      }
    } catch {
      // aborted on purpose
    }
    const rec = await gw.audit(id);
    expect(rec).toMatchObject({ status: 499, errorCode: 'client_disconnected', streamed: true });
    await expect.poll(() => gw.fake.aborted).toBeGreaterThan(0);
  });
});

describe('client disconnect (non-streaming)', () => {
  it('aborts the pending upstream call and audits the request as 499', async () => {
    gw.fake.script.push({ kind: 'hang' });
    const ac = new AbortController();
    const pending = request(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: auth, body: chat('slow please'), signal: ac.signal });
    await expect.poll(() => gw.fake.requests.length).toBe(1);
    ac.abort();
    await expect(pending).rejects.toThrow();
    const disconnected = async () => (await gw.services.audit.query({ limit: 50 })).find((r) => r.errorCode === 'client_disconnected' && !r.streamed);
    await expect.poll(async () => (await disconnected())?.status).toBe(499);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive upstream failures and fails fast with 503', async () => {
    const local = await startTestGateway({ gateway: { breaker: { failure_threshold: 2, cooldown_ms: 60_000 } } });
    try {
      local.fake.script.push({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
      const send = () => local.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: auth, payload: chat('x') });
      expect((await send()).statusCode).toBe(502);
      expect((await send()).statusCode).toBe(502);
      const open = await send();
      expect(open.statusCode).toBe(503);
      expect(open.json()).toMatchObject({ error: { code: 'upstream_unavailable' } });
      expect(open.headers['retry-after']).toBeDefined();
      expect(local.fake.requests).toHaveLength(2);
    } finally {
      await local.close();
    }
  });
});
