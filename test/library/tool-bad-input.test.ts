/**
 * Bad input at the library door (issue 15, "Bad input"): invalid JSON, an unknown tool, huge and deeply nested
 * arguments, and a CEL condition that errors. Each call resolves to a denial with a clear reason, never throws,
 * never runs the implementation, and leaves one audit record naming the deciding rule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarden, openLibraryStores, type LibraryStores, type Warden } from '../../src/index.js';

const POLICY = {
  version: 1,
  extends: 'default',
  tools: {
    note: { max_argument_bytes: 2048, max_depth: 6, args_schema: { type: 'object', properties: { text: { type: 'string' }, d: { type: 'object' } } } },
    transfer: { conditions: { broken: { when: 'args.account.number > 0', action: 'deny', reason: 'never reached' } } },
  },
};

describe('guardTool: bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-tool-bad-'));
  let stores: LibraryStores;
  let warden: Warden;
  let ran = 0;

  beforeAll(async () => {
    stores = await openLibraryStores(dir);
    warden = createWarden(POLICY, { tools: { identity: { keyId: 'bot', tenant: 'acme', roles: [], attributes: {} }, audit: stores.audit } });
  });
  afterAll(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let deep: Record<string, unknown> = { text: 'x' };
  for (let i = 0; i < 40; i++) deep = { d: deep };

  it.each([
    ['invalid JSON', 'note', '{"text": "unterminated', 'tools/note/invalid-arguments', /JSON/i],
    ['huge arguments', 'note', { text: 'x'.repeat(5_000) }, 'tools/note/invalid-arguments', /over the limit of 2048/],
    ['deeply nested arguments', 'note', deep, 'tools/note/invalid-arguments', /nest/],
    ['an unknown tool', 'wipe_disk', {}, 'tools/unknown-tool', /not allowed by the tool policy/],
    ['a CEL condition that errors', 'transfer', { amount: 5 }, 'tools/transfer/broken', /^condition "broken" could not be evaluated \(.+\); denied$/],
  ] as const)('%s: denied with a clear reason, nothing run', async (_what, tool, args, rule, reason) => {
    const guarded = warden.guardTool<Record<string, unknown>>({ name: tool }, () => ran++);
    const r = await guarded(args as Record<string, unknown> | string);
    expect(r).toMatchObject({ status: 'denied', decision: { action: 'deny', ruleId: rule } });
    expect(r.decision.reason).toMatch(reason);
    expect(JSON.parse(r.output)).toMatchObject({ error: 'tool_call_denied', rule });
    expect(ran).toBe(0);
  });

  it('audits each of them as a block with its rule', async () => {
    const records = await stores.audit.query({ limit: 100 });
    const rules = records.map((r) => [r.route, r.action, r.decidingRule]);
    expect(rules).toEqual(
      expect.arrayContaining([
        ['library:tool note', 'block', 'tools/note/invalid-arguments'],
        ['library:tool wipe_disk', 'block', 'tools/unknown-tool'],
        ['library:tool transfer', 'block', 'tools/transfer/broken'],
      ]),
    );
    expect(records.filter((r) => r.decidingRule === 'tools/note/invalid-arguments')).toHaveLength(3);
  });
});
