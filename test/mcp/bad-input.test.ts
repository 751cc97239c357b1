/**
 * Bad input at the MCP door (issue 15, "Bad input"): a server that lies about its results (malformed ones, text
 * hidden outside the scanned fields), arguments that are
 * huge or nested too deep, a tool the policy does not name and a CEL condition that errors. Each is a clear
 * refusal to the client and a deny in the audit log; the proxy keeps answering.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, call, connect, FIXTURES, refusalOf, ROOT, testDir, TOOLS_POLICY, type Connected, type TestDir } from './helpers.js';

const liar = { type: 'stdio', command: process.execPath, args: ['--import', 'tsx', join(FIXTURES, 'lying-server.ts')], cwd: ROOT };

describe('mcp proxy: bad input', () => {
  let t: TestDir;
  let p: Connected;
  let open = true;
  const close = async () => {
    if (open) await p.close();
    open = false;
  };

  beforeAll(async () => {
    t = testDir();
    const tools = {
      ...TOOLS_POLICY,
      side_channel: {},
      content_not_list: {},
      bad_block: {},
      reflect_args: {
        max_argument_bytes: 4096,
        max_depth: 8,
        conditions: { broken: { when: 'args.missing.field > 1', action: 'deny', reason: 'never reached' } },
      },
    };
    p = await connect(t.config({ servers: { liar } }, { tools }));
  });
  afterAll(async () => {
    await close();
    t.dispose();
  });

  it('passes on only the scanned fields of a result: text a server puts elsewhere never reaches the client', async () => {
    const r = await call(p.client, 'side_channel');
    expect(r).toEqual({ content: [{ type: 'text', text: 'fine' }] });
  });

  it.each(['content_not_list', 'bad_block'])('refuses the invalid result of %s as a bad upstream answer', async (tool) => {
    const r = refusalOf(await call(p.client, tool));
    expect(r).toMatchObject({ error: 'upstream_bad_response', rule: 'mcp/upstream-invalid-result' });
    expect(r.reason).toMatch(/MCP server "liar" sent an invalid result/);
  });

  it('denies huge and deeply nested arguments before they reach the server', async () => {
    const huge = refusalOf(await call(p.client, 'reflect_args', { text: 'x'.repeat(10_000) }));
    expect(huge).toMatchObject({ error: 'permission_denied', rule: 'tools/reflect_args/invalid-arguments' });
    expect(huge.reason).toMatch(/over the limit of 4096/);
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 50; i++) deep = { d: deep };
    const nested = refusalOf(await call(p.client, 'reflect_args', deep));
    expect(nested).toMatchObject({ error: 'permission_denied', rule: 'tools/reflect_args/invalid-arguments' });
    expect(nested.reason).toMatch(/nest/);
  });

  it('denies a call whose CEL condition errors, naming the condition', async () => {
    const r = refusalOf(await call(p.client, 'reflect_args', { text: 'hello' }));
    expect(r).toMatchObject({ error: 'permission_denied', rule: 'tools/reflect_args/broken' });
    expect(r.reason).toMatch(/^condition "broken" could not be evaluated \(.+\); denied$/);
  });

  it('denies a tool the policy does not name and one no server offers, and keeps answering', async () => {
    expect((await p.client.listTools()).tools.map((x) => x.name).sort()).toEqual(['bad_block', 'content_not_list', 'reflect_args', 'side_channel']);
    expect(refusalOf(await call(p.client, 'unnamed', { text: 'hi' }))).toMatchObject({ error: 'permission_denied', rule: 'tools/unknown-tool' });
    expect(refusalOf(await call(p.client, 'refund', { order: 'A1', amount: 1 }))).toMatchObject({ rule: 'mcp/unlisted-tool' });
    expect(refusalOf(await call(p.client, 'bad_block'))).toMatchObject({ rule: 'mcp/upstream-invalid-result' });
  });

  it('audits each of them as a refusal', async () => {
    await close();
    const records = (await auditRecords(t.dataDir)).filter((r) => r.route === 'mcp:tools/call');
    const rules = records.map((r) => [(r.request.params as { tool: string }).tool, r.action, r.decidingRule]);
    expect(rules).toEqual(
      expect.arrayContaining([
        ['content_not_list', 'error', 'mcp/upstream-invalid-result'],
        ['bad_block', 'error', 'mcp/upstream-invalid-result'],
        ['reflect_args', 'block', 'tools/reflect_args/invalid-arguments'],
        ['reflect_args', 'block', 'tools/reflect_args/broken'],
        ['unnamed', 'block', 'tools/unknown-tool'],
        ['refund', 'block', 'mcp/unlisted-tool'],
      ]),
    );
    expect(records.filter((r) => r.action === 'allow').map((r) => (r.request.params as { tool: string }).tool)).toEqual(['side_channel']);
  });
});
