import { describe, expect, it } from 'vitest';
import { createToolBreakers } from '../../src/tools/breakers.js';

describe('per-tool circuit breakers', () => {
  it('opens one tool on its error rate and leaves the others alone', () => {
    let now = 0;
    const b = createToolBreakers({ error_rate: 0.5, window: 10, min_calls: 4, failure_threshold: 100, cooldown_ms: 5_000 }, () => now);
    for (const ok of [true, false, true, false]) {
      const a = b.acquire('fetch_url');
      if (!a.ok) throw new Error('refused too early');
      if (ok) a.permit.success();
      else a.permit.failure();
    }
    expect(b.state('fetch_url')).toBe('open');
    expect(b.acquire('fetch_url')).toEqual({ ok: false, retryAfterSec: 5, message: 'Tool fetch_url is failing (50% of recent calls) and paused by its circuit breaker' });
    expect(b.acquire('send_email').ok).toBe(true);
    now = 5_000;
    const probe = b.acquire('fetch_url');
    expect(probe.ok).toBe(true);
    if (probe.ok) probe.permit.success();
    expect(b.state('fetch_url')).toBe('closed');
  });

  it('takes per-tool overrides and opens on consecutive failures', () => {
    const b = createToolBreakers({ failure_threshold: 10, tools: { run_code: { failure_threshold: 2 } } });
    for (let i = 0; i < 2; i++) for (const tool of ['run_code', 'search']) {
      const a = b.acquire(tool);
      if (a.ok) a.permit.failure();
    }
    expect(b.state('run_code')).toBe('open');
    expect(b.state('search')).toBe('closed');
  });

  it('keeps at most max_tools breakers, forgetting the least recently used', () => {
    const b = createToolBreakers({ failure_threshold: 1, max_tools: 2 });
    const fail = (tool: string) => {
      const a = b.acquire(tool);
      if (a.ok) a.permit.failure();
    };
    fail('a');
    fail('b');
    expect([b.state('a'), b.state('b')]).toEqual(['open', 'open']);
    fail('c'); // 'a' is the least recently used and is dropped
    expect(b.state('b')).toBe('open');
    expect(b.state('a')).toBe('closed');
  });

  it('rejects bad options', () => {
    expect(() => createToolBreakers({ error_rate: 2 })).toThrow();
  });
});
