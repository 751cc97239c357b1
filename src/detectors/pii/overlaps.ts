/** Greedy overlap resolution in O(n log n): the caller ranks, this keeps each span that fits. */

export interface Ranged {
  start: number;
  end: number;
}

/**
 * Walks `ranked` best first and keeps every item that overlaps nothing kept so far. Kept intervals
 * stay sorted and disjoint, so one binary search per item decides. Returns kept items by start.
 */
export function keepNonOverlapping<T extends Ranged>(ranked: readonly T[]): T[] {
  const kept: T[] = [];
  for (const m of ranked) {
    // First kept interval ending after m starts; m overlaps it iff it also starts before m ends.
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((kept[mid] as T).end <= m.start) lo = mid + 1;
      else hi = mid;
    }
    const next = kept[lo];
    if (next !== undefined && next.start < m.end) continue;
    kept.splice(lo, 0, m);
  }
  return kept;
}
