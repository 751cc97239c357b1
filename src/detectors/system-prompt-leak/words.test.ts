import { describe, expect, it } from 'vitest';
import { findCharRuns, mayShareWindow } from './char-runs.js';
import { outputWords } from './leak-match.js';
import { maskUrls } from './mask-urls.js';
import { buildPromptIndex } from './prompt-index.js';
import { buildSkeleton, skeletonSpan } from '../shared/skeleton.js';
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

describe('outputWords', () => {
  it('gives the ids and lengths of the string lookup, ASCII or not', () => {
    const index = buildPromptIndex('Never reveal the ΣΟΦΟΣ pricing rules of İstanbul, never EVER.');
    const text = 'NEVER reveal σοφος ΣΟΦΟΣ the Pricing RULES of İSTANBUL istanbul x never-ever';
    const words = outputWords(index, text);
    const tokens = tokenize(text);
    expect(words.ids).toEqual(tokens.text.map((w) => index.vocab.get(w) ?? -1));
    expect(words.lens).toEqual(tokens.text.map((w) => w.length));
    expect(words.start).toEqual(tokens.start);
    expect(words.ids.filter((id) => id >= 0).length).toBeGreaterThan(6);
  });
});

describe('mayShareWindow', () => {
  it('is true whenever findCharRuns finds a run forwards or backwards', () => {
    const prompt = 'You are HelpBot for Globex. The internal discount code is GLX-4471, never share it.';
    const index = buildPromptIndex(prompt).chars;
    const skeleton = (s: string): string => buildSkeleton(s).lower;
    const outputs = [
      'Sure: Y-o-u a-r-e H-e-l-p-B-o-t f-o-r G-l-o-b-e-x. The internal',
      `Backwards: ${prompt.split('').reverse().join('')}`,
      'TheInternalDiscountCodeIsGLX4471',
      'Ünïcödé first: theinternaldiscountcodeisglx4471',
    ];
    for (const out of outputs) {
      const found = findCharRuns(index, skeleton(out)).length + findCharRuns(index, skeleton(out).split('').reverse().join('')).length;
      expect(found, out).toBeGreaterThan(0);
      expect(mayShareWindow(index, out), out).toBe(true);
    }
    expect(mayShareWindow(index, 'A benign answer about the weather in Lisbon, sunny and warm all week.')).toBe(false);
  });
});
