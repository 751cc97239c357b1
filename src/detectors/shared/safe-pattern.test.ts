import { describe, expect, it } from 'vitest';
import { compileSafePattern, isSafePattern } from './safe-pattern.js';

describe('compileSafePattern', () => {
  it.each([
    ['\\bproject\\s+titan\\b', 'i'],
    ['\\b[A-Z]{2}\\d{6}\\b', ''],
    ['(?:\\d{1,3}\\.){3}\\d{1,3}', ''],
    ['acme|globex|initech', 'gi'],
    ['(?:foo|bar)+', ''],
    ['EMP-\\d{4,8}', 'g'],
    ['[a-z]+@[a-z]+\\.com', 'i'],
    ['(?<year>\\d{4})-(?<month>\\d{2})', ''],
    ['\\p{Lu}{2,5}', 'u'],
    ['a(?=b)c?', ''],
    ['x{2,}y', ''],
    ['(?:[a-z0-9-]+\\.)+[a-z]{2,}', 'i'],
    ['(?:\\d+,)*\\d+', ''],
    ['(\\w+\\s)+end', ''],
  ])('accepts linear pattern /%s/%s', (src, flags) => {
    const re = compileSafePattern(src, flags);
    expect(re).toBeInstanceOf(RegExp);
    expect(re.flags).toBe([...flags].sort().join(''));
  });

  it.each([
    ['(a+)+$', /nested quantifiers/],
    ['(\\w+\\.?)+$', /nested quantifiers/],
    ['(a+a)+$', /nested quantifiers/],
    ['([a-z.]+\\.)+x', /nested quantifiers/],
    ['(\\w*)*x', /nested quantifiers/],
    ['(?:a{1,20}){1,20}', /nested quantifiers/],
    ['(a|ab)+c', /alternatives/],
    ['(?:\\w|\\d)*!', /alternatives/],
    ['(?:[a-c]|b)*x', /alternatives/],
    ['(x)\\1', /backreferences/],
    ['(?<q>x)\\k<q>', /backreferences/],
    ['(?<=\\$)\\d+', /lookbehind/],
    ['(?<!a)b', /lookbehind/],
    ['\\d+\\d*x', /adjacent unbounded/],
    ['\\w+\\s*\\w+$', /adjacent unbounded/],
  ])('rejects /%s/ with a reason', (src, reason) => {
    expect(() => compileSafePattern(src)).toThrow(reason);
    expect(isSafePattern(src)).toBe(false);
  });

  it('rejects invalid syntax, bad flags, empty and oversized patterns with clear errors', () => {
    expect(() => compileSafePattern('(abc')).toThrow(/not a valid JavaScript regex/);
    expect(() => compileSafePattern('abc', 'gg')).toThrow(/invalid flags/);
    expect(() => compileSafePattern('abc', 'x')).toThrow(/invalid flags/);
    expect(() => compileSafePattern('')).toThrow(/empty/);
    expect(() => compileSafePattern('a'.repeat(3000))).toThrow(/longer than/);
  });

  it('bounds unbounded quantifiers so a failing suffix cannot make the scan quadratic', () => {
    expect(compileSafePattern('[a-z]+@[a-z]*\\.com').source).toBe('[a-z]{1,257}@[a-z]{0,256}\\.com');
    expect(compileSafePattern('x{3,}?y[+*]\\+').source).toBe('x{3,259}?y[+*]\\+');
    const re = compileSafePattern('[a-z]+@x', 'g');
    const text = 'a'.repeat(1_000_000);
    const start = performance.now();
    expect(re.test(text)).toBe(false);
    // Unbounded, this is ~5e11 steps (hours); bounded ~2.6e8 (about a second). The limit separates the two on a loaded host.
    expect(performance.now() - start).toBeLessThan(15_000);
  });

  it('accepted patterns stay fast on adversarial input', () => {
    const re = compileSafePattern('(?:\\d{1,3}\\.){3}\\d{1,3}x', 'g');
    const t = performance.now();
    re.test('1.'.repeat(20_000));
    expect(performance.now() - t).toBeLessThan(2_000);
  });
});
