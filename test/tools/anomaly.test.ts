import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKillSwitches } from '../../src/gateway/kill-switches.js';
import type { Identity } from '../../src/spec/gateway.js';
import { createSqliteKillSwitchStore } from '../../src/store/sqlite-kill-switches.js';
import { openDatabase } from '../../src/store/sqlite.js';
import { createAnomalyDetector, type ToolCallEvent } from '../../src/tools/anomaly.js';
import { domainOf } from '../../src/tools/anomaly-sequence.js';

const EXFIL = {
  name: 'customer-data-to-new-domain',
  steps: [{ tool: ['get_customer', 'search_customers'] }, { tool: 'send_email', new_domain: 'to' }],
};

const call = (tool: string, args: Record<string, unknown> = {}, keyId = 'k1', sessionId?: string): ToolCallEvent =>
  sessionId === undefined ? { tool, args, keyId } : { tool, args, keyId, sessionId };

describe('anomaly flags', () => {
  it('flags a key far above its own baseline, once per window', async () => {
    let now = 0;
    const d = createAnomalyDetector({ rate: { window_ms: 1000, factor: 3, min_calls: 5, smoothing: 0.5 } }, { now: () => now });
    // Ten windows of 4 calls: under the floor of 5, and the baseline settles near 4.
    for (let w = 0; w < 10; w++) {
      now = w * 1000;
      for (let i = 0; i < 4; i++) expect(await d.observe(call('search'))).toEqual([]);
    }
    now = 10_000;
    const flags = [];
    for (let i = 0; i < 20; i++) flags.push(...(await d.observe(call('search'))));
    // The baseline is 4 x (1 - 0.5^10) = 3.996, so 3 x baseline is exceeded at the 12th call; the window flags once.
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ kind: 'rate', rule: 'rate', subject: 'key:k1', tool: 'search', action: 'flag' });
    expect(flags[0]?.message).toMatch(/^key:k1 called search 12 times in 1000 ms; baseline 4\.0 per window$/);
  });

  it('judges a key with no history against the floor, and keys and tools separately', async () => {
    const d = createAnomalyDetector({ rate: { min_calls: 3 } }, { now: () => 0 });
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(...(await d.observe(call('a', {}, 'k1', 's1'))), ...(await d.observe(call('b', {}, 'k2'))));
    expect(seen.map((f) => `${f.subject} ${f.tool}`).sort()).toEqual(['key:k1 a', 'key:k2 b', 'session:s1 a']);
  });

  it('flags reading customer data then e-mailing a new domain, not a known or already used one', async () => {
    const d = createAnomalyDetector({ sequences: [EXFIL], known_domains: ['acme.example'] });
    expect(await d.observe(call('send_email', { to: 'partner@partner.example' }))).toEqual([]); // used before any read
    expect(await d.observe(call('get_customer', { id: 7 }))).toEqual([]);
    expect(await d.observe(call('send_email', { to: 'Support <help@acme.example>' }))).toEqual([]); // known
    expect(await d.observe(call('send_email', { to: ['partner@partner.example'] }))).toEqual([]); // seen before
    const flags = await d.observe(call('send_email', { to: ['ok@acme.example', 'drop@evil.example'] }));
    expect(flags).toEqual([
      { kind: 'sequence', rule: 'customer-data-to-new-domain', subject: 'key:k1', tool: 'send_email', message: 'key:k1 made the risky sequence customer-data-to-new-domain', action: 'flag' },
    ]);
    // Once used, evil.example is no longer new to this key.
    expect(await d.observe(call('send_email', { to: 'drop@evil.example' }))).toEqual([]);
  });

  it('remembers at most 1000 domains per key: the oldest becomes new again', async () => {
    const d = createAnomalyDetector({ sequences: [{ ...EXFIL, within_calls: 2000 }] });
    for (let i = 0; i <= 1000; i++) await d.observe(call('send_email', { to: `a@d${i}.example` }));
    await d.observe(call('get_customer'));
    expect(await d.observe(call('send_email', { to: 'a@d1000.example' }))).toEqual([]);
    expect(await d.observe(call('send_email', { to: 'a@d0.example' }))).toHaveLength(1);
  });

  it('needs the steps in order and within the window, and follows the session', async () => {
    const d = createAnomalyDetector({ sequences: [{ ...EXFIL, within_calls: 3 }] });
    expect(await d.observe(call('send_email', { to: 'a@one.example' }, 'k', 's1'))).toEqual([]);
    expect(await d.observe(call('get_customer', {}, 'k', 's1'))).toEqual([]);
    await d.observe(call('search', {}, 'k', 's1'));
    await d.observe(call('search', {}, 'k', 's1'));
    expect(await d.observe(call('send_email', { to: 'a@two.example' }, 'k', 's1'))).toEqual([]); // read is 4 calls back
    await d.observe(call('get_customer', {}, 'k', 's2'));
    const flags = await d.observe(call('send_email', { to: 'a@three.example' }, 'k', 's2'));
    expect(flags.map((f) => f.subject)).toEqual(['session:s2']);
  });

  it('sets the kill switch a rule asks for, and the gateway then refuses the key', async () => {
    const store = createSqliteKillSwitchStore(openDatabase(mkdtempSync(join(tmpdir(), 'warden-anomaly-'))));
    const d = createAnomalyDetector({ sequences: [{ ...EXFIL, action: 'kill_key' }] }, { killSwitches: store, now: () => 0 });
    await d.observe(call('get_customer', { id: 1 }, 'key_abc'));
    const [flag] = await d.observe(call('send_email', { to: 'x@evil.example' }, 'key_abc'));
    expect(flag).toMatchObject({ action: 'kill_key', killed: { scope: 'key', id: 'key_abc' } });
    const switches = createKillSwitches(store);
    await switches.refresh();
    const identity: Identity = { keyId: 'key_abc', tenant: 't', roles: [], models: ['*'], tools: ['*'], trustUserHeader: false, authMethod: 'api-key' };
    expect(switches.check(identity, undefined)).toMatchObject({ entry: 'caller_killed' });
    expect((await store.list())[0]).toMatchObject({ scope: 'key', id: 'key_abc', reason: 'anomaly: key:key_abc made the risky sequence customer-data-to-new-domain' });
  });

  it('keeps the flag, with the reason, when the kill switch store fails', async () => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'warden-anomaly-')));
    const d = createAnomalyDetector({ rate: { min_calls: 1, action: 'kill_tool' } }, { killSwitches: createSqliteKillSwitchStore(db), now: () => 0 });
    db.close();
    await d.observe(call('wipe_disk'));
    const [flag] = await d.observe(call('wipe_disk'));
    expect(flag).toMatchObject({ kind: 'rate', action: 'kill_tool', killError: 'The database connection is not open' });
    expect(flag?.killed).toBeUndefined();
  });

  it('refuses a kill action without a kill switch store, and bad options', () => {
    expect(() => createAnomalyDetector({ rate: { action: 'kill_tool' } })).toThrow(/no kill switch store/);
    expect(() => createAnomalyDetector({ sequences: [{ name: 'x', steps: [{ tool: 'a' }] }] })).toThrow();
  });

  it('reads domains from addresses, URLs and host names', () => {
    expect(['a@B.Example', 'Name <x@y.example>', 'https://evil.example:8443/p', 'mail.example.org.', 'not a domain', 'x@localhost'].map(domainOf)).toEqual([
      'b.example',
      'y.example',
      'evil.example',
      'mail.example.org',
      undefined,
      undefined,
    ]);
  });
});
