/**
 * Circuit breaker for anything that fails (an upstream, a tool): the circuit opens after `failureThreshold`
 * consecutive failures, or, with `errorRate`, when the share of failures among the last `window` outcomes
 * reaches `threshold` (once at least `minCalls` are known); while open, calls fail fast; after `cooldownMs` one
 * probe is let through (half-open) and its outcome closes or re-opens the circuit.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface ErrorRateTrip {
  /** Share of failures, 0 < threshold <= 1, that opens the circuit. */
  threshold: number;
  /** How many recent outcomes the share is taken over. */
  window: number;
  /** Outcomes needed before the share counts, so that one early failure does not open it. */
  minCalls: number;
}

/**
 * Shares circuits between processes (gateway replicas): a circuit one process opens is open in all for the rest of
 * its cooldown, and one a probe closes is closed in all. What trips a circuit is still counted per process.
 */
export interface BreakerSharing {
  /** Tells the other processes that circuit `name` opened (for `cooldownMs`) or closed. */
  publish(name: string, state: 'open' | 'closed', cooldownMs: number): void;
  /** Calls `apply` when another process opens or closes `name`, and once with its current state if open; replaces an earlier follower of `name`. */
  follow(name: string, apply: (state: 'open' | 'closed', remainingMs: number) => void): void;
}

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  errorRate?: ErrorRateTrip;
  now?: () => number;
  /** The circuit's name among processes and how they share it; without it the circuit is this process's own. */
  shared?: { name: string; sharing: BreakerSharing };
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
  /** The last outcomes (true = failure), oldest first, at most errorRate.window of them. */
  private recent: boolean[] = [];
  private readonly now: () => number;

  constructor(private readonly opts: BreakerOptions) {
    this.now = opts.now ?? Date.now;
    opts.shared?.sharing.follow(opts.shared.name, (state, remainingMs) => this.applyShared(state, remainingMs));
  }

  /** The state another process gave the circuit: open for the rest of its cooldown, or closed. */
  private applyShared(state: 'open' | 'closed', remainingMs: number): void {
    if (state === 'open') {
      this.current = 'open';
      this.openedAt = this.now() - Math.max(0, this.opts.cooldownMs - remainingMs);
      return;
    }
    if (this.current === 'closed') return;
    this.current = 'closed';
    this.failures = 0;
    this.recent = [];
  }

  private publish(state: 'open' | 'closed'): void {
    const shared = this.opts.shared;
    shared?.sharing.publish(shared.name, state, this.opts.cooldownMs);
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Seconds until a probe is allowed, for Retry-After. */
  retryAfterSec(): number {
    return Math.max(1, Math.ceil((this.openedAt + this.opts.cooldownMs - this.now()) / 1000));
  }

  /** Share of failures among the recent outcomes (0 without an errorRate rule or any outcome). */
  failureRate(): number {
    return this.recent.length === 0 ? 0 : this.recent.filter(Boolean).length / this.recent.length;
  }

  /** Returns a permit to make the call, or undefined while the circuit is open. */
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
        if (isProbe) {
          this.probing = false;
          this.recent = [];
        }
        this.record(false);
        if (isProbe) this.publish('closed');
        this.current = 'closed';
      },
      failure: () => {
        if (settled) return;
        settled = true;
        if (isProbe) this.probing = false;
        this.failures += 1;
        this.record(true);
        if (isProbe || this.failures >= this.opts.failureThreshold || this.rateTripped()) {
          this.current = 'open';
          this.openedAt = this.now();
          this.publish('open');
        }
      },
    };
  }

  private record(failed: boolean): void {
    const rule = this.opts.errorRate;
    if (rule === undefined) return;
    this.recent.push(failed);
    if (this.recent.length > rule.window) this.recent.shift();
  }

  private rateTripped(): boolean {
    const rule = this.opts.errorRate;
    return rule !== undefined && this.recent.length >= rule.minCalls && this.failureRate() >= rule.threshold;
  }
}
