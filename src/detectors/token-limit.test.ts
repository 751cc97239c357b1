import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { DetectorContext } from '../spec/types.js';
import { exceedsTokenLimit, tokenLimit } from './token-limit.js';

const require = createRequire(import.meta.url);
type Tokenizer = { isWithinTokenLimit(text: string, limit: number, options: { disallowedSpecial: Set<string> }): false | number };
/** The library counted in this thread: the reference the detector's tokenizer thread must agree with. */
const o200k = (): Tokenizer => require('gpt-tokenizer/cjs/encoding/o200k_base') as Tokenizer;
/** Rank tables of an encoding loaded into this thread (other tests here load o200k as their reference). */
const loadedHere = (encoding: string) => Object.keys(require.cache).filter((k) => k.includes('bpeRanks') && k.includes(encoding));

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
    const tokens = o200k().isWithinTokenLimit(text, 1000, { disallowedSpecial: new Set() });
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

  it('counts in its own thread: the rank tables never load into the scanning thread', () => {
    expect(exceedsTokenLimit('hello world '.repeat(40), 20, 'p50k_base')).toBe(true);
    expect(exceedsTokenLimit('hello world '.repeat(40), 200, 'p50k_base')).toBe(false);
    expect(loadedHere('p50k')).toEqual([]);
    o200k();
    expect(loadedHere('o200k')).not.toEqual([]);
  });

  it("counts in a process started with --input-type=module, whose flags the thread's eval'd CommonJS does not take", () => {
    const script = `import { exceedsTokenLimit } from './src/detectors/token-limit.ts';
      process.stdout.write(JSON.stringify([exceedsTokenLimit('hello world '.repeat(40), 20, 'o200k_base'), exceedsTokenLimit('hello world '.repeat(40), 200, 'o200k_base')]));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: new URL('../../', import.meta.url), encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(out)).toEqual([true, false]);
  });

  it('agrees with the library exactly at the limit', () => {
    const texts = ['The quarterly report covers revenue, churn and hiring. '.repeat(12), 'Привет мир 你好 😀 '.repeat(30), 'x = f(y) + 42;\n'.repeat(40)];
    for (const text of texts) {
      const exact = o200k().isWithinTokenLimit(text, 100_000, { disallowedSpecial: new Set() }) as number;
      expect(exceedsTokenLimit(text, exact, 'o200k_base')).toBe(false);
      expect(exceedsTokenLimit(text, exact - 1, 'o200k_base')).toBe(true);
    }
  });

  it('cutting long runs never undercounts', () => {
    for (const text of ['a'.repeat(3000), 'ab1-'.repeat(900), `${' '.repeat(700)}word`]) {
      const exact = o200k().isWithinTokenLimit(text, 100_000, { disallowedSpecial: new Set() }) as number;
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
