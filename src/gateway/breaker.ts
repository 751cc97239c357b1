/**
 * Per-upstream circuit breaker: after `failureThreshold` consecutive failures the circuit opens and
 * requests fail fast; after `cooldownMs` one probe request is let through (half-open) and its outcome
 * closes or re-opens the circuit.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
}

export interface Permit {
  success(): void;
  failure(): void;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private current: BreakerState = 'closed';
  private readonly now: () => number;

  constructor(private readonly opts: BreakerOptions) {
    this.now = opts.now ?? Date.now;
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Seconds until a probe is allowed, for Retry-After. */
  retryAfterSec(): number {
    return Math.max(1, Math.ceil((this.openedAt + this.opts.cooldownMs - this.now()) / 1000));
  }

  /** Returns a permit to call the upstream, or undefined while the circuit is open. */
  tryAcquire(): Permit | undefined {
    if (this.current === 'open') {
      if (this.now() - this.openedAt < this.opts.cooldownMs) return undefined;
      this.current = 'half-open';
    }
    if (this.current === 'half-open') {
      if (this.probing) return undefined;
      this.probing = true;
    }
    let settled = false;
    const isProbe = this.current === 'half-open';
    return {
      success: () => {
        if (settled) return;
        settled = true;
        this.failures = 0;
        if (isProbe) this.probing = false;
        this.current = 'closed';
      },
      failure: () => {
        if (settled) return;
        settled = true;
        if (isProbe) this.probing = false;
        this.failures += 1;
        if (isProbe || this.failures >= this.opts.failureThreshold) {
          this.current = 'open';
          this.openedAt = this.now();
        }
      },
    };
  }
}
