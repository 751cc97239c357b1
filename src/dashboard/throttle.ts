/** Failed sign-ins per client address: after `max` within `windowMs`, further attempts are refused until the window passes. */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly max = 10,
    private readonly windowMs = 300_000,
    /** Addresses remembered; the oldest is forgotten first, so a flood of addresses cannot grow memory. */
    private readonly capacity = 10_000,
  ) {}

  private recent(ip: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(ip) ?? []).filter((t) => t > since);
  }

  /** Seconds until `ip` may try again, or 0. */
  retryAfterSec(ip: string): number {
    const recent = this.recent(ip);
    if (recent.length < this.max) return 0;
    return Math.max(1, Math.ceil(((recent[0] ?? 0) + this.windowMs - this.now()) / 1000));
  }

  failed(ip: string): void {
    const recent = this.recent(ip);
    recent.push(this.now());
    this.failures.delete(ip);
    this.failures.set(ip, recent.slice(-this.max));
    if (this.failures.size > this.capacity) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  succeeded(ip: string): void {
    this.failures.delete(ip);
  }
}
