/**
 * createWarden loads the token-limit tokenizer at startup, in the tokenizer thread. Runs in its own file: vitest's
 * fresh-process project (vitest.config.ts) gives it a process of its own, so no encoding has been used yet.
 */
import { describe, expect, it } from 'vitest';
import { encodingsInUse } from '../src/detectors/token-limit/tokenizer-thread.js';
import { createWarden } from '../src/warden.js';

const loaded = (encoding: string) => encodingsInUse().includes(encoding);

describe('createWarden warm-up', () => {
  it('loads the tokenizer of every enabled token-limit step, and only those', () => {
    expect(loaded('r50k_base')).toBe(false);
    expect(loaded('p50k_base')).toBe(false);
    createWarden({
      version: 1,
      extends: 'default',
      detectors: { 'token-limit': { enabled: false, encoding: 'p50k_base' } },
      tenants: { acme: { detectors: { 'token-limit': { enabled: true, encoding: 'r50k_base' } } } },
    });
    expect(loaded('r50k_base')).toBe(true);
    expect(loaded('p50k_base')).toBe(false);
  });

  it('the first request over the fast-path size does not pay for loading the tokenizer', () => {
    // Default preset: max_tokens 32000 (o200k_base), so warm-up scans alone never tokenize.
    // Loading o200k takes ~400 ms, more than the default scan budget: it must be loaded before the first request.
    expect(loaded('o200k_base')).toBe(false);
    const w = createWarden();
    expect(loaded('o200k_base')).toBe(true);
    const text = `${'Please summarise the quarterly numbers for me. '.repeat(700)} 😀 مرحبا 你好`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(32_000);
    // Untimed: 33 KB through the whole policy can approach the 100 ms budget on a loaded host.
    expect(w.scanInput(text, { budgetMs: 60_000 }).errors).toEqual([]);
  });
});
