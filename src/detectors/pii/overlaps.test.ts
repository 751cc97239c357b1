import { describe, expect, it } from 'vitest';
import { keepNonOverlapping } from './overlaps.js';

describe('keepNonOverlapping', () => {
  it('keeps the first-ranked of overlapping spans and returns them by start', () => {
    const ranked = [
      { id: 'best', start: 10, end: 20 },
      { id: 'overlaps-best', start: 15, end: 25 },
      { id: 'touching', start: 20, end: 22 },
      { id: 'before', start: 0, end: 10 },
      { id: 'inside', start: 12, end: 13 },
    ];
    expect(keepNonOverlapping(ranked).map((m) => m.id)).toEqual(['before', 'best', 'touching']);
  });

  it('handles many disjoint spans in near-linear time', () => {
    const ranked = Array.from({ length: 100_000 }, (_, i) => ({ start: 2 * i, end: 2 * i + 1 }));
    const t0 = performance.now();
    expect(keepNonOverlapping(ranked)).toHaveLength(100_000);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
