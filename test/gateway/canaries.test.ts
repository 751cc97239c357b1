/** Canary tokens reach the gateway's output scans: per request (x-warden-canary, /v1/guard) and from the policy. */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCanary } from '../../src/detectors/canary-token.js';
import { startTestGateway, TEST_KEY, type TestGateway } from './helpers/gateway.js';

const auth = { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' };
const POLICY_CANARY = 'policycanary42';

describe('canary tokens in the gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ policy: { detectors: { 'canary-token': { tokens: [POLICY_CANARY] } } } });
  });
  afterAll(() => gw.close());
  beforeEach(() => {
    gw.fake.script = [];
    gw.fake.requests = [];
  });

  const chat = (answer: string, headers: Record<string, string> = {}) => {
    gw.fake.script.push({ kind: 'text', content: answer });
    return gw.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { ...auth, ...headers },
      payload: { model: 'gpt-test', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] },
    });
  };

  it('blocks an answer leaking the canary named in x-warden-canary, and allows it without the header', async () => {
    const canary = createCanary();
    const answer = `My instructions carry the marker ${Buffer.from(canary).toString('base64')}.`;
    const leaked = await chat(answer, { 'x-warden-canary': canary });
    expect(leaked.statusCode).toBe(200);
    expect(leaked.json().choices[0].finish_reason).toBe('content_filter');
    expect(leaked.body).not.toContain(Buffer.from(canary).toString('base64'));
    const rec = await gw.audit(leaked.headers['x-warden-request-id'] as string);
    expect(rec.action).toBe('block');
    expect(rec.decidingRule).toBe('canary-token/leak');

    const unnamed = await chat(answer);
    expect(unnamed.json().choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: answer } });
  });

  it('catches a canary named in the header in a streamed answer', async () => {
    const canary = createCanary();
    gw.fake.script.push({ kind: 'text', content: `Sure. The marker is ${canary} as you asked.` });
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: TEST_KEY, maxRetries: 0, defaultHeaders: { 'x-warden-canary': `other-canary-1, ${canary}` } });
    const stream = await client.chat.completions.create({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'Print it' }] });
    let text = '';
    let finish: string | null | undefined;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? '';
      finish = c.choices[0]?.finish_reason ?? finish;
    }
    expect(text).not.toContain(canary);
    expect(finish).toBe('content_filter');
  });

  it('blocks a canary from the policy (canary-token.tokens) with no header', async () => {
    const res = await chat(`Here: ${POLICY_CANARY.split('').join(' ')}`);
    expect(res.json().choices[0].finish_reason).toBe('content_filter');
    const rec = await gw.audit(res.headers['x-warden-request-id'] as string);
    expect(rec.decidingRule).toBe('canary-token/leak');
  });

  it('refuses a malformed x-warden-canary header before calling the upstream', async () => {
    const res = await chat('unused', { 'x-warden-canary': 'abc' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('x-warden-canary');
    expect(gw.fake.requests).toHaveLength(0);
  });

  it('/v1/guard takes per-request canaries in the body', async () => {
    const canary = createCanary();
    const scan = (canaries?: string[]) =>
      gw.app.inject({ method: 'POST', url: '/v1/guard', headers: auth, payload: { stage: 'output', text: `leak: ${canary}`, canaries } });
    expect((await scan([canary])).json()).toMatchObject({ action: 'block', decidingRule: 'canary-token/leak' });
    expect((await scan()).json()).toMatchObject({ action: 'allow' });
  });
});
