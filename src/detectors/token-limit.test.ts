import { describe, expect, it } from 'vitest';
import type { DetectorContext } from '../spec/types.js';
import { exceedsTokenLimit, tokenizer, tokenLimit } from './token-limit.js';

type Options = Parameters<typeof tokenLimit.scan>[1]['settings']['options'];

function ctx(options: Partial<Options>): DetectorContext<Options> {
  return { stage: 'input', settings: { threshold: 0.5, options: tokenLimit.options.parse(options) }, request: {} };
}

describe('token-limit', () => {
  it('passes text within the limit and flags text over it, whole-text, not redactable', () => {
    expect(tokenLimit.scan('hello world', ctx({ max_tokens: 5 }))).toEqual([]);
    const [f] = tokenLimit.scan('hello world '.repeat(10), ctx({ max_tokens: 5 }));
    expect(f).toMatchObject({ ruleId: 'token-limit/tokens', score: 1, spans: [], redactable: false });
    expect(f?.message).toMatch(/5-token limit \(o200k_base\)/);
  });

  it('counts with the real tokenizer: emoji and rare scripts cost more tokens than characters', () => {
    const text = '𓀀𓀁𓀂𓀃';
    expect(text.length).toBe(8);
    const tokens = tokenizer('o200k_base').isWithinTokenLimit(text, 1000, { disallowedSpecial: new Set() });
    expect(tokens).toBeGreaterThan(8);
    expect(exceedsTokenLimit(text, 8, 'o200k_base')).toBe(true);
  });

  it('treats special tokens in user text as plain text instead of throwing', () => {
    expect(exceedsTokenLimit('<|endoftext|> '.repeat(2), 100, 'o200k_base')).toBe(false);
  });

  it('supports other encodings', () => {
    expect(tokenLimit.scan('hello '.repeat(50), ctx({ max_tokens: 20, encoding: 'cl100k_base' }))[0]?.ruleId).toBe('token-limit/tokens');
  });

  it('flags max_chars separately', () => {
    const ids = tokenLimit.scan('x'.repeat(101), ctx({ max_chars: 100 })).map((f) => f.ruleId);
    expect(ids).toEqual(['token-limit/chars']);
  });

  it('cutting long runs never undercounts', () => {
    for (const text of ['a'.repeat(3000), 'ab1-'.repeat(900), `${' '.repeat(700)}word`]) {
      const exact = tokenizer('o200k_base').isWithinTokenLimit(text, 100_000, { disallowedSpecial: new Set() }) as number;
      expect(exceedsTokenLimit(text, exact - 1, 'o200k_base')).toBe(true);
    }
  });

  it('handles 10 MB without spaces quickly (BPE on one huge pre-token is quadratic)', () => {
    const start = performance.now();
    expect(exceedsTokenLimit('x'.repeat(10_000_000), 8192, 'o200k_base')).toBe(true);
    expect(exceedsTokenLimit('hello world. '.repeat(800_000), 8192, 'o200k_base')).toBe(true);
    expect(performance.now() - start).toBeLessThan(10_000);
  });
});
