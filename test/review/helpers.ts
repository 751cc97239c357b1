/** Calls the review tests make on a running test gateway: chat, feedback, admin API, and waiting for a filing. */
import { expect } from 'vitest';
import type { ReviewItem } from '../../src/spec/review.js';
import type { TestGateway } from '../gateway/helpers/gateway.js';

export const REVIEW_ADMIN_ENV = `WARDEN_TEST_REVIEW_ADMIN_${process.pid}`;
export const REVIEW_ADMIN_TOKEN = 'review-admin-token-0123456789';

export const MONITOR_POLICY = {
  detectors: { denylist: { terms: [{ id: 'banned', terms: ['zorg'], action: 'block' }, { id: 'unsure', terms: ['quux'], action: 'flag' }] } },
  // banned is being trialled (monitor); unsure's matches score 1 against a 0.95 threshold: inside the 0.1 band.
  rules: { 'denylist/banned': { mode: 'monitor' }, 'denylist/unsure': { threshold: 0.95 } },
};

/** A chat request as `key`; resolves to its request id once its audit record is stored. */
export async function chat(gw: TestGateway, key: string, content: string): Promise<string> {
  const res = await fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'system', content: 'You are helpful.' }, { role: 'user', content }] }),
  });
  expect(res.status).toBe(200);
  const id = res.headers.get('x-warden-request-id');
  await gw.audit(id);
  return id as string;
}

export async function feedback(gw: TestGateway, key: string, body: unknown) {
  const res = await fetch(`${gw.url}/v1/feedback`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, requestId: res.headers.get('x-warden-request-id') };
}

export async function admin(gw: TestGateway, method: string, path: string, body?: unknown) {
  const res = await fetch(`${gw.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${REVIEW_ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), headers: res.headers, requestId: res.headers.get('x-warden-request-id') };
}

/** The queue item of a request, waiting for the filing that follows its audit write. */
export async function itemOf(gw: TestGateway, requestId: string, tenant = 'default'): Promise<ReviewItem> {
  for (let i = 0; i < 100; i++) {
    const item = await gw.services.review.byRequest(tenant, requestId);
    if (item) return item;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`request ${requestId} was not filed for review`);
}
