/**
 * The MCP proxy against a real MCP server process (the fixture, over stdio), driven by the SDK's Client:
 * list filtered by identity, allowed and denied calls, results blocked and redacted, upstream hang, crash and
 * huge answer, every call audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, call, connect, refusalOf, stdioFixture, testDir, textOf, type Connected, type TestDir } from './helpers.js';

describe('mcp proxy in front of a stdio server', () => {
  let t: TestDir;
  let p: Connected;

  beforeAll(async () => {
    t = testDir();
    p = await connect(t.config({ servers: { fx: stdioFixture() } }));
  }, 60_000);

  afterAll(async () => {
    await p?.close();
    t?.dispose();
  });

  it('lists only the tools the policy lets this identity call', async () => {
    const names = (await p.client.listTools()).tools.map((x) => x.name).sort();
    // delete_all needs the admin role; the configured identity is support.
    expect(names).toEqual(['add', 'crash', 'huge', 'read_doc', 'refund', 'rug_pull', 'slow']);
  });

  it('passes an allowed call through and returns the result', async () => {
    const r = await call(p.client, 'add', { a: 2, b: 3 });
    expect(r.isError).toBeFalsy();
    expect(textOf(r)).toBe('5');
  });

  it('refuses a call the policy denies, with the rule and the reason', async () => {
    expect(refusalOf(await call(p.client, 'refund', { order: 'A1', amount: 500 }))).toEqual({
      error: 'permission_denied',
      rule: 'tools/refund/too-large',
      reason: 'refunds over 100 are not allowed',
    });
    expect(refusalOf(await call(p.client, 'delete_all'))).toMatchObject({ error: 'permission_denied', rule: 'tools/delete_all/not-authorized' });
    expect(refusalOf(await call(p.client, 'refund', { order: 'A1', amount: 5, note: 'x' }))).toMatchObject({ rule: 'tools/refund/args-schema' });
  });

  it('refuses a tool no upstream lists without asking any server', async () => {
    expect(refusalOf(await call(p.client, 'transfer_funds', { to: 'x' }))).toMatchObject({ error: 'permission_denied', rule: 'mcp/unlisted-tool' });
  });

  it('blocks a result carrying an injection and redacts personal data in one', async () => {
    expect(textOf(await call(p.client, 'read_doc', { name: 'clean' }))).toBe('The meeting moved to 3pm on Thursday.');
    const blocked = refusalOf(await call(p.client, 'read_doc', { name: 'injected' }));
    expect(blocked.error).toBe('content_filter');
    expect(blocked.rule).toMatch(/^prompt-injection\//);
    expect(blocked.reason).not.toContain('evil@attacker');
    const redacted = await call(p.client, 'read_doc', { name: 'contact' });
    expect(redacted.isError).toBeFalsy();
    expect(textOf(redacted)).not.toContain('jane.doe@example.com');
    expect(textOf(redacted)).toMatch(/Please reach the customer at \[EMAIL[A-Z_]*_\d+\] about the refund\./);
  });

  it('refuses a result over max_result_bytes', async () => {
    expect(refusalOf(await call(p.client, 'huge'))).toMatchObject({ error: 'upstream_bad_response', rule: 'mcp/result-too-large' });
  });

  it('turns an upstream that hangs into a timeout refusal', async () => {
    const r = refusalOf(await call(p.client, 'slow'));
    expect(r).toMatchObject({ error: 'upstream_timeout', rule: 'mcp/upstream-timeout' });
    expect(r.reason).toContain('did not answer within 2000 ms');
  }, 20_000);

  it('survives an upstream crash: later calls are refused, the proxy keeps answering', async () => {
    expect(refusalOf(await call(p.client, 'crash'))).toMatchObject({ error: 'upstream_unavailable', rule: 'mcp/upstream-unavailable' });
    expect(refusalOf(await call(p.client, 'add', { a: 1, b: 1 }))).toMatchObject({ error: 'upstream_unavailable', rule: 'mcp/upstream-unavailable' });
    expect(refusalOf(await call(p.client, 'refund', { order: 'A1', amount: 500 }))).toMatchObject({ rule: 'tools/refund/too-large' });
  }, 20_000);

  it('audits every call with its decision', async () => {
    await p.close();
    const records = (await auditRecords(t.dataDir)).filter((r) => r.route === 'mcp:tools/call');
    const byTool = (tool: string) => records.filter((r) => (r.request.params as { tool: string }).tool === tool);
    expect(byTool('add')[0]).toMatchObject({ action: 'allow', status: 200, upstream: 'fx', identity: { keyId: 'agent-1', tenant: 'acme' } });
    expect(byTool('refund')[0]).toMatchObject({ action: 'block', status: 403, decidingRule: 'tools/refund/too-large', errorCode: 'permission_denied' });
    expect(byTool('refund')[0]?.request.params).toMatchObject({ decision: { action: 'deny', ruleId: 'tools/refund/too-large' } });
    expect(byTool('slow')[0]).toMatchObject({ action: 'error', status: 504, decidingRule: 'mcp/upstream-timeout' });
    expect(byTool('read_doc').map((r) => r.action)).toEqual(['allow', 'block', 'redact']);
    expect(byTool('transfer_funds')[0]).toMatchObject({ action: 'block', decidingRule: 'mcp/unlisted-tool', upstream: null });
    const pinned = (await auditRecords(t.dataDir)).filter((r) => r.route === 'mcp:tools/list' && r.decidingRule === 'mcp/tool-pinned');
    expect(pinned.length).toBe(8);
  });
});
