/** One test gateway for a describe block: started before its tests, closed after, the fake's log and script cleared before each. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import OpenAI from 'openai';
import { providerUpstreams, startFakeProvider, type FakeProvider } from './fake-provider.js';
import { startTestGateway, TEST_KEY, type TestGateway, type TestGatewayOptions } from './gateway.js';

export function sharedGateway(opts?: TestGatewayOptions): () => TestGateway {
  let gw: TestGateway | undefined;
  beforeAll(async () => {
    gw = await startTestGateway(opts);
  });
  afterAll(() => gw?.close());
  beforeEach(() => {
    if (!gw) return;
    gw.fake.requests = [];
    gw.fake.script = [];
  });
  return () => {
    if (!gw) throw new Error('the test gateway is not started');
    return gw;
  };
}

/** POSTs JSON with the test key; the answer's status, body, parsed JSON and request id. */
export async function postJson(gw: TestGateway, url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await gw.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json', ...headers }, payload });
  return { status: res.statusCode, body: res.body, headers: res.headers, json: () => res.json<Record<string, unknown>>(), id: res.headers['x-warden-request-id'] as string };
}

/** A fake provider and a gateway in front of it (`providerUpstreams` models plus `models`), for a test file. */
export function providerGateway(opts: { models?: Record<string, unknown>; gateway?: Record<string, unknown> } = {}): {
  provider(): FakeProvider;
  gw(): TestGateway;
  client(): OpenAI;
} {
  let provider: FakeProvider | undefined;
  let gw: TestGateway | undefined;
  let client: OpenAI | undefined;
  beforeAll(async () => {
    provider = await startFakeProvider();
    gw = await startTestGateway({ gateway: { ...providerUpstreams(provider, { models: opts.models }), ...opts.gateway } });
    client = new OpenAI({ apiKey: TEST_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await gw?.close();
    await provider?.close();
  });
  beforeEach(() => provider?.reset());
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the provider gateway is not started');
    return v;
  };
  return { provider: () => started(provider), gw: () => started(gw), client: () => started(client) };
}
