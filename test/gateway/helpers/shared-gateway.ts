/** One test gateway for a describe block: started before its tests, closed after, the fake's log and script cleared before each. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
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
