/** Contract for KillSwitchStore implementations (SQLite, Redis): what the gateway's kill-switches.ts relies on. */
import { expect, it } from 'vitest';
import type { KillSwitchStore } from '../../../src/store/interfaces.js';

export interface KillSwitchHandles {
  kills: KillSwitchStore;
  /** A second handle on the same storage, as another process (the CLI, another replica) would have. */
  other(): Promise<{ kills: KillSwitchStore; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** Registers the contract's tests in the enclosing describe. A change made through another handle shows in revision() within 1 s. */
export function killSwitchContract(open: () => Promise<KillSwitchHandles>): void {
  it('kill switches: set updates the reason, clear reports whether one existed, revision tracks other writers', async () => {
    const s = await open();
    const r0 = await s.kills.revision();
    expect(await s.kills.revision()).toBe(r0);
    await s.kills.set('tenant', 'acme', 'first', new Date());
    const r1 = await s.kills.revision();
    expect(r1).not.toBe(r0);
    await s.kills.set('tenant', 'acme', 'second', new Date());
    expect(await s.kills.list()).toEqual([expect.objectContaining({ scope: 'tenant', id: 'acme', reason: 'second' })]);
    const other = await s.other();
    await other.kills.set('global', '*', null, new Date());
    await expect.poll(() => s.kills.revision(), { timeout: 1000, interval: 10 }).not.toBe(r1);
    const r2 = await s.kills.revision();
    expect((await s.kills.list()).map((k) => k.scope).sort()).toEqual(['global', 'tenant']);
    expect(await other.kills.clear('global', '*')).toBe(true);
    await expect.poll(() => s.kills.revision(), { timeout: 1000, interval: 10 }).not.toBe(r2);
    expect(await s.kills.clear('global', '*')).toBe(false);
    await other.close();
    await s.close();
  });

  it('kill switches: keep the first set time and a null reason, list in scope and id order', async () => {
    const s = await open();
    const first = await s.kills.set('key', 'k2', null, new Date('2025-03-01T00:00:00Z'));
    expect(first).toEqual({ scope: 'key', id: 'k2', reason: null, createdAt: '2025-03-01T00:00:00.000Z' });
    const again = await s.kills.set('key', 'k2', 'why', new Date('2025-03-02T00:00:00Z'));
    expect(again).toEqual({ scope: 'key', id: 'k2', reason: 'why', createdAt: '2025-03-01T00:00:00.000Z' });
    await s.kills.set('key', 'k1', null, new Date());
    await s.kills.set('model', 'gpt-x', null, new Date());
    expect((await s.kills.list()).map((k) => `${k.scope}/${k.id}`)).toEqual(['key/k1', 'key/k2', 'model/gpt-x']);
    await s.close();
  });
}
