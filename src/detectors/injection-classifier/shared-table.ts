/**
 * Interleaves two weight sets that score the same features of the same texts (the default policy runs the
 * injection classifier's direct set and harmful-request on every prompt) into one table, so feature f's two
 * weights share a cache line. A 1 KB prompt reads ~3,400 scattered weights per set; with separate 256 KB
 * tables the second pass misses the cache as often as the first wherever other work evicted it between
 * requests (~80 µs per set per 1 KB prompt, measured with the caches evicted before each scan), while with
 * one table it hits the lines the first pass loaded. Scores are unchanged: the same int8 weights are summed.
 */
import type { WeightSet } from './windows.js';

export function shareTable<A extends WeightSet, B extends WeightSet>(a: A, b: B): [A, B] {
  if (a.weights.length !== b.weights.length) throw new Error(`cannot share a table between weight sets of ${a.weights.length} and ${b.weights.length} features`);
  const weights = new Int8Array(2 * a.weights.length);
  for (let f = 0; f < a.weights.length; f++) {
    weights[2 * f] = a.weights[f] as number;
    weights[2 * f + 1] = b.weights[f] as number;
  }
  return [Object.assign({}, a, { shared: { weights, lane: 0 as const } }), Object.assign({}, b, { shared: { weights, lane: 1 as const } })];
}
