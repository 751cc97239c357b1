/** The approval webhook against a real HTTP receiver on localhost. */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApprovalService } from '../../src/approvals/service.js';
import { deliver, webhookNotifier, type WebhookSettings } from '../../src/approvals/webhook.js';
import { sqliteApprovals } from './helpers.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

const servers: Server[] = [];
const env: Array<{ dispose(): void }> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const e of env.splice(0)) e.dispose();
});

/** A receiver answering each request with the next status of `statuses` (the last repeats); `hang` never answers. */
async function receiver(statuses: Array<number | 'hang'>) {
  const got: Received[] = [];
  const hung: ServerResponse[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      const status = statuses[Math.min(got.length - 1, statuses.length - 1)];
      if (status === 'hang') hung.push(res);
      else res.writeHead(status ?? 200).end('ok');
    });
  });
  servers.push(server);
  server.on('close', () => hung.forEach((r) => r.destroy()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { got, url, closeHung: () => hung.forEach((r) => r.destroy()) };
}

function settings(url: string, over: Partial<WebhookSettings> = {}): WebhookSettings {
  return { url, timeoutMs: 2000, retries: 2, backoffMs: 5, ...over };
}

async function newRequest(notify?: Parameters<typeof createApprovalService>[0]['notify']) {
  const db = sqliteApprovals();
  env.push(db);
  const svc = createApprovalService({ store: db.stores.approvals, notify });
  const rec = await svc.request({ tenant: 'acme', requester: { keyId: 'k1' }, tool: 'send_email', args: { to: 'x@example.com' }, reason: 'new recipient' });
  return { svc, rec };
}

describe('approval webhook', () => {
  it('posts the call as the approver will judge it, signed when a secret is set', async () => {
    const hook = await receiver([200]);
    const { rec } = await newRequest();
    const logs: string[] = [];
    expect(await deliver(settings(hook.url, { secret: 's3cret' }), rec, (m) => logs.push(m))).toBe(true);
    expect(logs).toEqual([]);
    const [first] = hook.got;
    const body = JSON.parse(first?.body ?? '') as { event: string; approval: Record<string, unknown> };
    expect(body).toEqual({
      event: 'approval.requested',
      approval: expect.objectContaining({ id: rec.id, tool: 'send_email', args: { to: 'x@example.com' }, argsHash: rec.argsHash, expiresAt: rec.expiresAt }),
    });
    expect(first?.headers['x-warden-signature']).toBe(`sha256=${createHmac('sha256', 's3cret').update(first?.body ?? '').digest('hex')}`);
  });

  it('retries a failing endpoint and logs each failed attempt', async () => {
    const hook = await receiver([500, 503, 200]);
    const { rec } = await newRequest();
    const logs: string[] = [];
    expect(await deliver(settings(hook.url), rec, (m) => logs.push(m))).toBe(true);
    expect(hook.got).toHaveLength(3);
    expect(logs).toEqual([expect.stringContaining('attempt 1 of 3 failed: HTTP 500'), expect.stringContaining('attempt 2 of 3 failed: HTTP 503')]);
  });

  it('gives up after the retries on a hung endpoint, logging, without failing', async () => {
    const hook = await receiver(['hang']);
    const { rec } = await newRequest();
    const logs: string[] = [];
    expect(await deliver(settings(hook.url, { timeoutMs: 50, retries: 1 }), rec, (m) => logs.push(m))).toBe(false);
    hook.closeHung();
    expect(hook.got).toHaveLength(2);
    expect(logs.at(-1)).toContain(`approval webhook for ${rec.id}: not delivered`);
    expect(logs[0]).toContain('no answer within 50 ms');
  });

  it('never holds up a request or its decision while the endpoint hangs', async () => {
    const hook = await receiver(['hang']);
    const logs: string[] = [];
    const { svc, rec } = await newRequest(webhookNotifier(settings(hook.url, { timeoutMs: 60_000, retries: 0 }), (m) => logs.push(m)));
    expect(rec.status).toBe('pending');
    const decided = await svc.decide(rec.id, { approve: false, by: { name: 'bob', via: 'cli' } });
    expect(decided).toMatchObject({ ok: true, record: { status: 'denied' } });
    await expect.poll(() => hook.got.length).toBe(1);
    hook.closeHung();
    await expect.poll(() => logs.length).toBeGreaterThan(0);
  });
});
