/** Contract for LimitStore implementations (memory today, Redis for multi-process deployments). */
import { describe, expect, it } from 'vitest';
import type { LimitStore } from '../../../src/store/memory-limits.js';

export function limitStoreContract(name: string, make: () => Promise<LimitStore>): void {
  describe(`LimitStore contract: ${name}`, () => {
    it('allows a burst of `limit`, then one request per interval, never counting refused hits', async () => {
      const s = await make();
      const t = 1_000_000;
      for (let i = 0; i < 5; i++) expect(await s.hit('k', 5, 60_000, t)).toBe(0);
      expect(await s.hit('k', 5, 60_000, t)).toBe(12_000);
      expect(await s.hit('k', 5, 60_000, t + 11_999)).toBeGreaterThan(0);
      expect(await s.hit('k', 5, 60_000, t + 12_000)).toBe(0);
      expect(await s.hit('k', 5, 60_000, t + 12_000)).toBeGreaterThan(0);
    });

    it('keeps keys independent and refills fully after a quiet window', async () => {
      const s = await make();
      const t = 5_000_000;
      expect(await s.hit('a', 1, 60_000, t)).toBe(0);
      expect(await s.hit('b', 1, 60_000, t)).toBe(0);
      expect(await s.hit('a', 1, 60_000, t + 1)).toBeGreaterThan(0);
      for (let i = 0; i < 3; i++) expect(await s.hit('c', 3, 60_000, t + 120_000)).toBe(0);
    });

    it('counts concurrency slots per key, and release never goes below zero', async () => {
      const s = await make();
      expect(await s.acquire('k', 2)).toBe(true);
      expect(await s.acquire('k', 2)).toBe(true);
      expect(await s.acquire('k', 2)).toBe(false);
      expect(await s.acquire('other', 1)).toBe(true);
      await s.release('k');
      expect(await s.acquire('k', 2)).toBe(true);
      await s.release('z');
      await s.release('z');
      expect(await s.acquire('z', 1)).toBe(true);
      expect(await s.acquire('z', 1)).toBe(false);
    });

    it('adds to a budget total up to max, refuses what would pass it, and starts again after expiry', async () => {
      const s = await make();
      const t = 7_000_000;
      expect(await s.consume('b', 300, 500, t + 1_000, t)).toEqual({ ok: true, total: 300 });
      expect(await s.consume('b', 200, 500, t + 1_000, t + 1)).toEqual({ ok: true, total: 500 });
      expect(await s.consume('b', 0.01, 500, t + 1_000, t + 2)).toEqual({ ok: false, total: 500 });
      expect(await s.consume('other', 500, 500, t + 1_000, t + 2)).toEqual({ ok: true, total: 500 });
      expect(await s.consume('b', 100, 500, t + 2_000, t + 1_000)).toEqual({ ok: true, total: 100 });
    });
  });
}
