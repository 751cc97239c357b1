/** The live feed: rate cap with a sampling notice, a bounded queue for a slow browser, filters, and tenant scoping over real SSE. */
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedClient, FeedHub } from '../../src/dashboard/feed.js';
import type { AuditRecord } from '../../src/spec/gateway.js';
import type { TestGateway } from '../gateway/helpers/gateway.js';
import { ACME_TOKEN, ATTACK, chat, signIn, startDashboardGateway, tenantKey } from './helpers.js';

/** A response whose socket accepts writes until `full` is set, like a browser that stopped reading. */
class FakeResponse extends EventEmitter {
  chunks: string[] = [];
  full = false;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return !this.full;
  }
  end(): void {}
  events(name: string): unknown[] {
    return this.chunks.filter((c) => c.startsWith(`event: ${name}\n`)).map((c) => JSON.parse(c.split('\ndata: ')[1] as string));
  }
}

function record(seq: number, tenant: string, action: AuditRecord['action'] = 'block'): AuditRecord {
  return {
    requestId: `r${seq}`,
    seq,
    prevHash: '',
    hash: '',
    ts: new Date(0).toISOString(),
    route: '/v1/chat/completions',
    identity: { keyId: `k-${tenant}`, tenant, roles: [], authMethod: 'api-key' },
    model: 'demo',
    upstream: 'demo',
    request: { messages: [{ role: 'user', content: 'x'.repeat(5000) }] },
    inputFindings: [],
    outputFindings: [],
    action,
    status: 400,
    output: null,
    latency: { totalMs: 1 },
    streamed: false,
  };
}

describe('FeedClient', () => {
  it('sends at most max_events_per_second and then says how many it showed of how many', () => {
    let now = 0;
    const res = new FakeResponse();
    const hub = new FeedHub();
    const client = new FeedClient(res as unknown as ServerResponse, {}, { buffer: 100, maxPerSecond: 5 }, () => now);
    hub.add(client);
    for (let i = 1; i <= 50; i++) hub.publish(record(i, 'acme'));
    expect(res.events('request')).toHaveLength(5);
    now = 1000;
    hub.publish(record(51, 'acme'));
    expect(res.events('sampling')).toEqual([{ shown: 5, seen: 50, dropped: 0, windowMs: 1000 }]);
    expect(res.events('request')).toHaveLength(6);
    // A 5000-character prompt travels as a short preview only.
    expect((res.events('request')[0] as { preview: string }).preview.length).toBeLessThan(300);
    client.close();
  });

  it('keeps at most `buffer` events for a browser that stopped reading, oldest dropped, and flushes on drain', () => {
    let now = 0;
    const res = new FakeResponse();
    const client = new FeedClient(res as unknown as ServerResponse, {}, { buffer: 3, maxPerSecond: 1000 }, () => now);
    res.full = true;
    for (let i = 1; i <= 10; i++) client.offer({ ...summaryOf(i) });
    expect(res.chunks).toHaveLength(1);
    res.full = false;
    res.emit('drain');
    expect((res.events('request') as Array<{ seq: number }>).map((e) => e.seq)).toEqual([1, 8, 9, 10]);
    now = 1000;
    client.offer(summaryOf(11));
    expect(res.events('sampling')).toEqual([{ shown: 10, seen: 10, dropped: 6, windowMs: 1000 }]);
    client.close();
  });

  it('passes only records matching its filters, and never operator calls', () => {
    const res = new FakeResponse();
    const hub = new FeedHub();
    hub.add(new FeedClient(res as unknown as ServerResponse, { tenant: 'acme', action: 'block' }, { buffer: 10, maxPerSecond: 100 }, () => 0));
    hub.publish(record(1, 'acme'));
    hub.publish(record(2, 'globex'));
    hub.publish(record(3, 'acme', 'allow'));
    hub.publish({ ...record(4, 'acme'), admin: { caller: 'admin-token' } });
    expect((res.events('request') as Array<{ seq: number }>).map((e) => e.seq)).toEqual([1]);
  });
});

function summaryOf(seq: number) {
  return { requestId: `r${seq}`, seq, ts: '', route: '', tenant: 'acme', keyId: 'k', model: null, action: 'block' as const, decidingRule: null, status: 400, errorCode: null, rules: [], totalMs: 1, preview: '' };
}

describe('GET /dashboard/api/feed', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startDashboardGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('streams a tenant operator its own tenant\'s requests as they are stored, and not another tenant\'s', async () => {
    const s = await signIn(gw.app, { token: ACME_TOKEN });
    const ctrl = new AbortController();
    const res = await fetch(`${gw.url}/dashboard/api/feed?tenant=acme`, { headers: { cookie: s.cookie }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const until = async (pred: () => boolean) => {
      while (!pred()) text += new TextDecoder().decode((await reader.read()).value);
    };
    await until(() => text.includes('event: ready'));
    const globex = await chat(gw, await tenantKey(gw, 'globex'), ATTACK);
    const acme = await chat(gw, await tenantKey(gw, 'acme'), ATTACK);
    await until(() => text.includes(acme.id));
    expect(text).not.toContain(globex.id);
    expect(text).toContain('"decidingRule":"prompt-injection/');
    ctrl.abort();
    const denied = await fetch(`${gw.url}/dashboard/api/feed?tenant=globex`, { headers: { cookie: s.cookie } });
    expect(denied.status).toBe(403);
    expect((await fetch(`${gw.url}/dashboard/api/feed`)).status).toBe(401);
  });
});
