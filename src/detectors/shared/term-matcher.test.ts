import { describe, expect, it } from 'vitest';
import { buildMatcher } from './term-matcher.js';

const find = (terms: string[], text: string, opts = { caseSensitive: false, wholeWord: true }) =>
  buildMatcher(terms, opts).find(text).map((h) => [text.slice(h.start, h.end), terms[h.term]]);

describe('term matcher (Aho-Corasick)', () => {
  it('finds every term in one pass, leftmost-longest and non-overlapping', () => {
    expect(find(['he', 'she', 'his', 'hers'], 'ushers and his', { caseSensitive: false, wholeWord: false })).toEqual([
      ['she', 'she'],
      ['his', 'his'],
    ]);
    expect(find(['new', 'new york', 'york'], 'I love New York')).toEqual([['New York', 'new york']]);
  });

  it('honours whole-word boundaries, including Unicode letters', () => {
    expect(find(['ass'], 'a class assignment')).toEqual([]);
    expect(find(['acme'], 'Acme, acmes, ACME-like, éacme')).toEqual([
      ['Acme', 'acme'],
      ['ACME', 'acme'],
    ]);
    expect(find(['c++'], 'I write C++ daily')).toEqual([['C++', 'c++']]);
  });

  it('falls back to a shorter term when the longer one fails the boundary check', () => {
    expect(find(['foo', 'foobar'], 'foobarx foo')).toEqual([['foo', 'foo']]);
  });

  it('is case sensitive on request and applies the per-character fold', () => {
    expect(find(['Acme'], 'acme Acme', { caseSensitive: true, wholeWord: true })).toEqual([['Acme', 'Acme']]);
    const fold = (c: number) => (c === 0x30 ? 0x6f : c);
    const m = buildMatcher(['bot'], { caseSensitive: false, wholeWord: true, fold });
    expect(m.find('a b0t here')).toEqual([{ start: 2, end: 5, term: 0 }]);
  });

  it('scales linearly with text size for thousands of terms', () => {
    const terms = Array.from({ length: 5000 }, (_, i) => `term${i}x`);
    const m = buildMatcher(terms, { caseSensitive: false, wholeWord: true });
    const text = 'lorem ipsum term42x dolor '.repeat(40_000);
    const start = performance.now();
    expect(m.find(text)).toHaveLength(40_000);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
