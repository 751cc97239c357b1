/**
 * Whether the shared Redis cache is reachable, as the connection reports it, with counters an operator can
 * export as metrics (`snapshot()`, `onChange`). Stores that cannot reach Redis throw CacheUnavailableError; the
 * `on_unavailable` policy then refuses the request (fail_closed) or falls back to this replica's own state (degrade).
 */

/** Thrown by the Redis stores when Redis cannot answer; the gateway answers it with `cache_unavailable` (503). */
export class CacheUnavailableError extends Error {
  readonly code = 'cache_unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CacheUnavailableError';
  }
}

export type CachePolicy = 'fail_closed' | 'degrade';

export interface CacheHealthSnapshot {
  up: boolean;
  /** Times the connection was lost. */
  outages: number;
  /** Operations answered from this replica's local state while Redis was unavailable (degrade). */
  degradedOps: number;
  /** Operations refused because Redis was unavailable (fail_closed, or a write that cannot degrade). */
  refusedOps: number;
}

export interface CacheHealth {
  readonly policy: CachePolicy;
  isUp(): boolean;
  /** Connection events: `down` logs once per outage, `up` logs the recovery. */
  markDown(reason: string): void;
  markUp(): void;
  countDegraded(): void;
  countRefused(): void;
  snapshot(): CacheHealthSnapshot;
  /** Called on every transition (true: back up); returns the unsubscribe function. */
  onChange(listener: (up: boolean) => void): () => void;
}

export function createCacheHealth(policy: CachePolicy, log: (line: string) => void): CacheHealth {
  let up = false;
  let everUp = false;
  const counts = { outages: 0, degradedOps: 0, refusedOps: 0 };
  const listeners = new Set<(up: boolean) => void>();
  const emit = () => {
    for (const l of listeners) l(up);
  };
  const fallback = policy === 'degrade' ? 'degrading to this replica\'s local limits' : 'refusing requests that need it (fail_closed)';
  return {
    policy,
    isUp: () => up,
    markDown(reason) {
      if (!up) return;
      up = false;
      counts.outages++;
      log(`redis cache unavailable (${reason}): ${fallback} until it returns`);
      emit();
    },
    markUp() {
      if (up) return;
      const recovered = everUp;
      up = true;
      everUp = true;
      if (recovered) log('redis cache available again: shared limits, kill switches and events restored');
      emit();
    },
    countDegraded: () => void counts.degradedOps++,
    countRefused: () => void counts.refusedOps++,
    snapshot: () => ({ up, ...counts }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
