import { describe, expect, it } from 'vitest';
import { CONTRAST_SOURCE, payloadContrastPairs } from '../scripts/classifier/contrast.js';
import { isValidation } from '../scripts/classifier/data.js';
import { sourceGroup } from '../scripts/classifier/loso.js';

describe('payload contrast pairs (training data for the indirect set)', () => {
  const rows = payloadContrastPairs();

  it('is deterministic and one source group of its own', () => {
    expect(payloadContrastPairs()).toEqual(rows);
    expect(new Set(rows.map((r) => sourceGroup(r.source)))).toEqual(new Set([CONTRAST_SOURCE]));
  });

  it('pairs each poisoned document with its clean twin, the payload located in it, outside validation', () => {
    const byGroup = new Map<string, typeof rows>();
    for (const r of rows) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
    for (const [group, pair] of byGroup) {
      const clean = pair.find((r) => r.label === 'benign');
      const poisoned = pair.find((r) => r.label === 'attack');
      expect(pair).toHaveLength(2);
      expect(clean?.sets).toEqual(['indirect']);
      const [start, end] = poisoned?.inserted ?? [0, 0];
      const text = poisoned?.text ?? '';
      // The twins differ exactly by the payload (and the space before it).
      expect(text.slice(0, start).replace(/ $/, '') + text.slice(end)).toBe(clean?.text);
      expect(end - start).toBeGreaterThan(20);
      // Training only: their easy clean twins would pull the indirect thresholds down.
      expect(isValidation(group)).toBe(false);
    }
  });
});
