/**
 * The proxy's other paths, each against a real process or listener: an upstream over Streamable HTTP, the
 * proxy's own HTTP listener with gateway keys (identity from the key, refusals audited), and calls the policy
 * holds for a human (approved by another person through the store, or not decided in time = deny).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalService } from '../../src/approvals/service.js';
import { openSqliteStores } from '../../src/gateway/backends/sqlite.js';
import { loadMcpConfig, startMcpProxy } from '../../src/mcp/start.js';
import { createKey } from '../gateway/identity/helpers.js';
import { auditRecords, call, connect, FIXTURES, refusalOf, ROOT, stdioFixture, testDir, textOf, type TestDir } from './helpers.js';

async function httpFixture(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, 'http-server.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return { url: chunk.toString('utf8').trim(), child };
}

describe('mcp proxy: upstream over Streamable HTTP', () => {
  let t: TestDir;
  let fixture: { url: string; child: ChildProcess };
  beforeAll(async () => {
    t = testDir();
    fixture = await httpFixture();
  }, 60_000);
  afterAll(() => {
    fixture?.child.kill();
    t?.dispose();
  });

  it('lists, calls and scans results of an HTTP server', async () => {
    const p = await connect(t.config({ servers: { web: { type: 'http', url: fixture.url, prefix: 'web.' } } }, { tools: { 'web.add': {}, 'web.read_doc': {} } }));
    try {
      expect((await p.client.listTools()).tools.map((x) => x.name).sort()).toEqual(['web.add', 'web.read_doc']);
      expect(textOf(await call(p.client, 'web.add', { a: 20, b: 22 }))).toBe('42');
      expect(refusalOf(await call(p.client, 'web.read_doc', { name: 'injected' }))).toMatchObject({ error: 'content_filter' });
      expect(refusalOf(await call(p.client, 'web.refund', { order: 'A', amount: 1 }))).toMatchObject({ rule: 'tools/unknown-tool' });
    } finally {
      await p.close();
    }
  }, 60_000);
});

describe('mcp proxy: HTTP listener with gateway keys', () => {
  let t: TestDir;
  afterEach(() => t.dispose());

  it('takes the identity from the key, lists and calls accordingly, and audits a refused login', async () => {
    t = testDir();
    const admin = await createKey(t.dataDir, { tenant: 'acme', roles: ['admin'] });
    const support = await createKey(t.dataDir, { tenant: 'acme', roles: ['support'] });
    const running = await startMcpProxy(loadMcpConfig(t.config({ servers: { fx: stdioFixture() }, listen: { port: 0 } })), { stdio: false, log: () => undefined });
    const url = new URL(running.listener?.url ?? '');
    const clientWith = async (key?: string) => {
      const client = new Client({ name: 'http-client', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: key ? { authorization: `Bearer ${key}` } : {} } }));
      return client;
    };
    try {
      const a = await clientWith(admin.key);
      expect((await a.listTools()).tools.map((x) => x.name)).toContain('delete_all');
      expect(textOf(await call(a, 'delete_all'))).toBe('deleted');
      await a.close();
      const s = await clientWith(support.key);
      expect((await s.listTools()).tools.map((x) => x.name)).not.toContain('delete_all');
      expect(refusalOf(await call(s, 'delete_all'))).toMatchObject({ rule: 'tools/delete_all/not-authorized' });
      await s.close();
      await expect(clientWith()).rejects.toThrow();
      await expect(clientWith('wk-not-a-real-key')).rejects.toThrow();
    } finally {
      await running.close();
    }
    const records = await auditRecords(t.dataDir);
    const calls = records.filter((r) => r.route === 'mcp:tools/call');
    expect(calls.map((r) => [r.identity?.keyId, r.action])).toEqual([
      [admin.id, 'allow'],
      [support.id, 'block'],
    ]);
    expect(records.filter((r) => r.route === 'mcp:http').map((r) => r.errorCode)).toEqual(['missing_api_key', 'invalid_api_key']);
  }, 60_000);
});

describe('mcp proxy: approvals', () => {
  let t: TestDir;
  afterEach(() => t.dispose());

  async function pendingApproval(dataDir: string): Promise<string> {
    const stores = openSqliteStores(dataDir);
    try {
      // The call is in flight in the proxy; its approval request appears in the shared store.
      for (let i = 0; i < 400; i++) {
        const [pending] = await stores.approvals.list({ status: 'pending' });
        if (pending) return pending.id;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('no pending approval appeared');
    } finally {
      stores.close();
    }
  }

  it('runs a held call once another person approves it', async () => {
    t = testDir();
    const p = await connect(t.config({ servers: { fx: stdioFixture() }, approval_timeout_ms: 60_000 }));
    try {
      const inFlight = call(p.client, 'refund', { order: 'A2', amount: 70 });
      const id = await pendingApproval(t.dataDir);
      const stores = openSqliteStores(t.dataDir);
      const service = createApprovalService({ store: stores.approvals });
      expect(await service.decide(id, { approve: true, by: { name: 'agent-1', via: 'cli' } })).toMatchObject({ ok: false, code: 'self_approval' });
      expect(await service.decide(id, { approve: true, by: { name: 'alice', via: 'cli' } })).toMatchObject({ ok: true });
      expect(textOf(await inFlight)).toBe('refunded 70 on A2');
      // A second approved refund would take the day's total over the budget of 100: spent on approval, so refused.
      const second = call(p.client, 'refund', { order: 'A3', amount: 60 });
      const id2 = await pendingApproval(t.dataDir);
      expect(await service.decide(id2, { approve: true, by: { name: 'alice', via: 'cli' } })).toMatchObject({ ok: true });
      stores.close();
      const refused = refusalOf(await second);
      expect(refused.rule).toBe('tools/refund/budget/daily');
      expect(refused.approval_id).toBe(id2);
    } finally {
      await p.close();
    }
    const refund = (await auditRecords(t.dataDir)).find((r) => r.route === 'mcp:tools/call');
    expect(refund).toMatchObject({ action: 'allow', request: { params: { decision: { action: 'require_approval', ruleId: 'tools/refund/needs-human' } } } });
    expect((refund?.request.params as { approvalId?: string }).approvalId).toMatch(/^apr_/);
  }, 60_000);

  it('denies a held call nobody decides in time', async () => {
    t = testDir();
    const p = await connect(t.config({ servers: { fx: stdioFixture() }, approval_timeout_ms: 300 }));
    try {
      const r = refusalOf(await call(p.client, 'refund', { order: 'A3', amount: 60 }));
      expect(r).toMatchObject({ error: 'permission_denied', rule: 'tools/refund/needs-human/approval-expired' });
      expect(r.approval_id).toMatch(/^apr_/);
    } finally {
      await p.close();
    }
  }, 60_000);
});
