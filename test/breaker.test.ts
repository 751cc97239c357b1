import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../src/core/breaker.js';

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures, probes once after the cooldown, closes on success', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: () => now });
    for (let i = 0; i < 3; i++) b.tryAcquire()?.failure();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBeUndefined();
    expect(b.retryAfterSec()).toBe(1);
    now = 1000;
    const probe = b.tryAcquire();
    expect(probe).toBeDefined();
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBeUndefined();
    probe?.success();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBeDefined();
  });

  it('a failed probe re-opens the circuit; successes reset the failure count', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 100, now: () => now });
    b.tryAcquire()?.failure();
    b.tryAcquire()?.success();
    b.tryAcquire()?.failure();
    expect(b.state).toBe('closed');
    b.tryAcquire()?.failure();
    expect(b.state).toBe('open');
    now = 100;
    b.tryAcquire()?.failure();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBeUndefined();
  });

  it('settling a permit twice counts once', () => {
    const b = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 100 });
    const p = b.tryAcquire();
    p?.failure();
    p?.failure();
    expect(b.state).toBe('closed');
  });

  it('opens on the error rate over the last outcomes once enough calls are known', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 100, cooldownMs: 1000, errorRate: { threshold: 0.5, window: 4, minCalls: 4 }, now: () => now });
    // Alternating outcomes never make consecutive failures, but half of them fail.
    b.tryAcquire()?.failure();
    b.tryAcquire()?.success();
    b.tryAcquire()?.failure();
    expect(b.state).toBe('closed'); // 3 outcomes < minCalls
    b.tryAcquire()?.success();
    expect(b.failureRate()).toBe(0.5);
    expect(b.state).toBe('closed'); // the share is checked when a call fails
    b.tryAcquire()?.failure();
    expect(b.state).toBe('open');
    now = 1000;
    b.tryAcquire()?.success();
    expect(b.state).toBe('closed');
    expect(b.failureRate()).toBe(0); // a good probe starts a fresh window
  });

  it('forgets outcomes older than the window', () => {
    const b = new CircuitBreaker({ failureThreshold: 100, cooldownMs: 1000, errorRate: { threshold: 0.5, window: 4, minCalls: 2 } });
    b.tryAcquire()?.failure();
    for (let i = 0; i < 4; i++) b.tryAcquire()?.success();
    expect(b.failureRate()).toBe(0);
    b.tryAcquire()?.failure();
    expect(b.state).toBe('closed'); // 1 of 4
  });
});
