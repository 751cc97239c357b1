/**
 * The fuzz properties (test/fuzz/properties.ts) on a small fixed budget and seed, so CI is short and a failure
 * reproduces; `npm run bench:fuzz` runs the same properties on 100,000+ cases.
 */
import { describe, expect, it } from 'vitest';
import { fuzzProperties } from './properties.js';

const SEED = 20261207;
/** Cases per property in CI; the gateway property runs a quarter (each case is a whole request). */
const RUNS = 150;

describe('fuzz', () => {
  for (const p of fuzzProperties()) {
    it(p.name, async () => {
      const o = await p.run({ seed: SEED, numRuns: p.name.startsWith('gateway.inject') ? RUNS / 2 : RUNS });
      expect(o.failed, o.report).toBe(false);
    });
  }
});
