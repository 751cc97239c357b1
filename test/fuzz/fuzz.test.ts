/**
 * The fuzz properties (test/fuzz/properties.ts) on a small fixed budget and seed, so CI is short and a failure
 * reproduces; `npm run bench:fuzz` runs the same properties on 100,000+ cases.
 */
import { describe, expect, it } from 'vitest';
import { fuzzProperties } from './properties.js';

const SEED = 20261207;
/** Cases per property in CI; the slow ones (a whole request, or a real output scan per window) run half. */
const RUNS = 150;
const SLOW = new Set(['gateway.inject', 'holdback.secrets-stay-redacted']);

describe('fuzz', () => {
  for (const p of fuzzProperties()) {
    it(p.name, async () => {
      const o = await p.run({ seed: SEED, numRuns: SLOW.has(p.name) ? RUNS / 2 : RUNS });
      expect(o.failed, o.report).toBe(false);
    });
  }
});
