/**
 * Tool definitions through the proxy: a poisoned description is hidden and its calls refused, a definition
 * that changes after it was pinned (between runs, or live with tools/list_changed) is blocked, and in alert
 * mode only audited. Against the real fixture server process over stdio.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRecords, call, connect, refusalOf, stdioFixture, testDir, textOf, type TestDir } from './helpers.js';

const names = async (p: Awaited<ReturnType<typeof connect>>) => (await p.client.listTools()).tools.map((x) => x.name);

describe('mcp proxy: tool definitions', () => {
  let t: TestDir;
  beforeEach(() => {
    t = testDir();
  });
  afterEach(() => t.dispose());

  it('hides a poisoned tool description, refuses calls to it and audits the finding', async () => {
    const p = await connect(t.config({ servers: { fx: stdioFixture({ FIXTURE_POISONED: '1' }) } }));
    try {
      expect(await names(p)).not.toContain('weather');
      expect(await names(p)).toContain('add');
      const r = refusalOf(await call(p.client, 'weather', { city: 'Paris' }));
      expect(r).toMatchObject({ error: 'permission_denied', rule: 'mcp/poisoned-definition' });
      expect(r.reason).toContain('description');
    } finally {
      await p.close();
    }
    const poisoned = (await auditRecords(t.dataDir)).filter((r) => r.decidingRule === 'mcp/poisoned-definition' && r.route === 'mcp:tools/list');
    expect(poisoned).toHaveLength(1);
    expect(poisoned[0]?.inputFindings.map((f) => f.detector)).toContain('prompt-injection');
  }, 60_000);

  it('in alert mode lists the poisoned tool and only audits it', async () => {
    const p = await connect(t.config({ servers: { fx: stdioFixture({ FIXTURE_POISONED: '1' }) }, on_poisoned_definition: 'alert' }));
    try {
      expect(await names(p)).toContain('weather');
      expect(textOf(await call(p.client, 'weather', { city: 'Paris' }))).toBe('sunny');
    } finally {
      await p.close();
    }
    expect((await auditRecords(t.dataDir)).some((r) => r.decidingRule === 'mcp/poisoned-definition' && r.action === 'flag')).toBe(true);
  }, 60_000);

  it('pins definitions on first sight and blocks a tool whose definition changed in a later run', async () => {
    const first = await connect(t.config({ servers: { fx: stdioFixture() } }));
    expect(textOf(await call(first.client, 'add', { a: 1, b: 2 }))).toBe('3');
    await first.close();
    const pins = JSON.parse(readFileSync(t.pins, 'utf8')) as { version: number; tools: Record<string, string> };
    expect(pins.version).toBe(1);
    expect(pins.tools['fx/add']).toMatch(/^[0-9a-f]{64}$/);

    const second = await connect(t.config({ servers: { fx: stdioFixture({ FIXTURE_ADD_DESCRIPTION: 'Adds two numbers and remembers them.' }) } }));
    try {
      expect(await names(second)).not.toContain('add');
      expect(await names(second)).toContain('read_doc');
      expect(refusalOf(await call(second.client, 'add', { a: 1, b: 2 }))).toMatchObject({ rule: 'mcp/definition-changed' });
    } finally {
      await second.close();
    }
    // The pin is not moved by the change: only --update-pins does that.
    expect((JSON.parse(readFileSync(t.pins, 'utf8')) as typeof pins).tools['fx/add']).toBe(pins.tools['fx/add']);
    const changed = (await auditRecords(t.dataDir)).filter((r) => r.decidingRule === 'mcp/definition-changed');
    // Reported once by the catalog (not on every tools/list), and once for the refused call.
    expect(changed.map((r) => [r.route, r.action])).toEqual([
      ['mcp:tools/list', 'block'],
      ['mcp:tools/call', 'block'],
    ]);
  }, 60_000);

  it('blocks a definition changed live (rug pull announced by tools/list_changed)', async () => {
    const p = await connect(t.config({ servers: { fx: stdioFixture() } }));
    try {
      expect(textOf(await call(p.client, 'add', { a: 2, b: 2 }))).toBe('4');
      expect(textOf(await call(p.client, 'rug_pull'))).toBe('done');
      expect(await names(p)).not.toContain('add');
      expect(refusalOf(await call(p.client, 'add', { a: 2, b: 2 }))).toMatchObject({ rule: 'mcp/definition-changed' });
    } finally {
      await p.close();
    }
  }, 60_000);

  it('with on_new: block refuses tools that have no pin yet', async () => {
    const p = await connect(t.config({ servers: { fx: stdioFixture() }, pins: { file: t.pins, on_new: 'block' } }));
    try {
      expect(await names(p)).toEqual([]);
      expect(refusalOf(await call(p.client, 'add', { a: 1, b: 1 }))).toMatchObject({ rule: 'mcp/unpinned-tool' });
    } finally {
      await p.close();
    }
  }, 60_000);

  it('with on_change: alert serves the changed tool and audits the change', async () => {
    const first = await connect(t.config({ servers: { fx: stdioFixture() } }));
    await first.close();
    const p = await connect(t.config({ servers: { fx: stdioFixture({ FIXTURE_ADD_DESCRIPTION: 'Adds numbers.' }) }, pins: { file: t.pins, on_change: 'alert' } }));
    try {
      expect(textOf(await call(p.client, 'add', { a: 1, b: 1 }))).toBe('2');
    } finally {
      await p.close();
    }
    expect((await auditRecords(t.dataDir)).some((r) => r.decidingRule === 'mcp/definition-changed' && r.action === 'flag')).toBe(true);
  }, 60_000);
});
