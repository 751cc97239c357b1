import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/audit/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, so key order never changes the bytes', () => {
    const a = { b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('matches JSON.stringify on undefined, non-finite numbers, dates and strings', () => {
    const v = { u: undefined, n: NaN, i: Infinity, d: new Date(0), s: 'é"\n\u2028', arr: [undefined, 1] };
    expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
    expect(canonicalJson(v)).not.toContain('"u"');
  });

  it('is a fixed point after a parse round-trip', () => {
    const s = canonicalJson({ z: [3, 2.5, -0.1, 'a'], a: null, m: { q: true } });
    expect(canonicalJson(JSON.parse(s))).toBe(s);
  });

  it('refuses circular structures with a clear error', () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    expect(() => canonicalJson(o)).toThrow(/circular/);
  });
});
