/**
 * createWarden loads the token-limit tokenizer at startup, in the tokenizer thread. Runs in its own file: vitest's
 * forks pool gives each file a fresh process, so no encoding has been used yet.
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
    const w = createWarden();
    const text = `${'Please summarise the quarterly numbers for me. '.repeat(700)} 😀 مرحبا 你好`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(32_000);
    const r = w.scanInput(text);
    expect(r.errors).toEqual([]);
    // Loading o200k alone takes ~400 ms; scanning 33 KB with the whole default policy takes a few ms.
    expect(r.latencyMs).toBeLessThan(150);
  });
});
