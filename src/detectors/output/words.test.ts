import { describe, expect, it } from 'vitest';
import { maskUrls } from './mask-urls.js';
import { buildSkeleton, skeletonSpan } from './skeleton.js';
import { MAX_WORD_CHARS, tokenize } from './words.js';

describe('tokenize', () => {
  it('lowercases words, keeps offsets, splits CJK per character and caps word length', () => {
    const w = tokenize('Héllo, WORLD! 日本語 ok');
    expect(w.text).toEqual(['héllo', 'world', '日', '本', '語', 'ok']);
    expect(w.start[1]).toBe(7);
    expect(w.end[1]).toBe(12);
    expect(tokenize('x'.repeat(MAX_WORD_CHARS + 1)).text.map((t) => t.length)).toEqual([MAX_WORD_CHARS, 1]);
    expect(tokenize('a\u200bb — c').text).toEqual(['a', 'b', 'c']);
  });
});

describe('skeleton', () => {
  it('drops separators and invisible characters and maps back to original offsets', () => {
    const text = 'Ab-c\u200b D';
    const sk = buildSkeleton(text);
    expect(sk.text).toBe('AbcD');
    expect(sk.lower).toBe('abcd');
    expect(skeletonSpan(sk, 1, 4)).toEqual({ start: 1, end: 7 });
  });
});

describe('maskUrls', () => {
  it('blanks URLs without moving offsets and leaves other text alone', () => {
    const text = 'See https://help.example.com/a?b=c and www.example.org/x, not e-mail.';
    const masked = maskUrls(text);
    expect(masked).toHaveLength(text.length);
    expect(masked).not.toContain('help.example');
    expect(masked).not.toContain('www.example');
    expect(masked.startsWith('See ')).toBe(true);
    expect(masked.endsWith(' and ' + ' '.repeat('www.example.org/x,'.length) + ' not e-mail.')).toBe(true);
    expect(maskUrls('plain text')).toBe('plain text');
  });
});
