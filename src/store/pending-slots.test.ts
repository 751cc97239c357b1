import { describe, expect, it } from 'vitest';
import { PendingSlots } from './pending-slots.js';

describe('PendingSlots', () => {
  it('stores, takes once, and counts', () => {
    const p = new PendingSlots<string>(4);
    p.set(1, 'a');
    p.set(2, 'b');
    expect(p.size).toBe(2);
    expect(p.take(1)).toBe('a');
    expect(p.take(1)).toBeUndefined();
    expect(p.take(9)).toBeUndefined();
    expect(p.size).toBe(1);
  });

  it('grows when ids collide and keeps every entry, oldest first', () => {
    const p = new PendingSlots<number>(2);
    for (const id of [7, 3, 11, 4, 5, 100]) p.set(id, id * 10);
    expect(p.size).toBe(6);
    expect(p.entries()).toEqual([3, 4, 5, 7, 11, 100].map((id) => [id, id * 10]));
    expect(p.take(11)).toBe(110);
    expect(p.take(100)).toBe(1000);
    expect(p.entries().map(([id]) => id)).toEqual([3, 4, 5, 7]);
  });

  it('handles a long run of sequential ids with a small window in flight', () => {
    const p = new PendingSlots<number>(8);
    for (let id = 1; id <= 10_000; id++) {
      p.set(id, id);
      if (id > 5) expect(p.take(id - 5)).toBe(id - 5);
    }
    expect(p.entries().map(([id]) => id)).toEqual([9996, 9997, 9998, 9999, 10000]);
  });
});
