/**
 * In-process traffic statistics over selectable windows (the dashboard's overview): one bucket per minute for
 * the last 24 hours, each with counts, the rules that fired and a latency histogram per stage. Memory is bounded
 * by the bucket count and the policy's rule ids; percentiles come from the merged histograms (upper bin edges).
 */
import type { BreakerState } from '../../core/breaker.js';
import type { AuditEntry } from '../../spec/gateway.js';
import type { TimedStage } from './metrics.js';

const MINUTE_MS = 60_000;
const BUCKETS = 24 * 60;
/** Upper edges of the latency bins in ms; the last bin is everything above. */
const EDGES_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000];
const TIMED: readonly TimedStage[] = ['admission', 'input_scan', 'upstream', 'output_scan', 'total'];

interface Timing {
  count: number;
  sumMs: number;
  bins: number[];
}

interface Bucket {
  minute: number;
  requests: number;
  blocked: number;
  errors: number;
  upstreamErrors: number;
  rules: Map<string, number>;
  timings: Map<TimedStage, Timing>;
}

export interface StageLatency {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface StatsPoint {
  /** Start of the minute, ISO-8601. */
  t: string;
  requests: number;
  blocked: number;
  errors: number;
}

export interface StatsSnapshot {
  windowSeconds: number;
  from: string;
  to: string;
  requests: number;
  blocked: number;
  /** Requests that ended in an error (admission refusals, upstream faults, bad requests). */
  errors: number;
  /** blocked / requests (0 without traffic). */
  blockRate: number;
  upstreamErrors: number;
  /** Rules by how many findings they made (allow-action findings left out), most first, at most 10. */
  topRules: { rule: string; count: number }[];
  latency: Partial<Record<TimedStage, StageLatency>>;
  /** One point per minute, oldest first, minutes without traffic included. */
  series: StatsPoint[];
  breakers: { upstream: string; state: BreakerState }[];
  approvalsPending: number;
}

export interface StatsSources {
  breakers(): { upstream: string; state: BreakerState }[];
  pendingApprovals(): Promise<number>;
}

/** Longest window a snapshot covers. */
export const MAX_WINDOW_SECONDS = BUCKETS * 60;

function binOf(ms: number): number {
  const i = EDGES_MS.findIndex((edge) => ms <= edge);
  return i < 0 ? EDGES_MS.length : i;
}

function percentile(bins: readonly number[], count: number, q: number): number {
  const want = Math.ceil(q * count);
  let seen = 0;
  for (let i = 0; i < bins.length; i++) {
    seen += bins[i] ?? 0;
    if (seen >= want) return EDGES_MS[i] ?? (EDGES_MS.at(-1) as number) * 2;
  }
  return 0;
}

export class GatewayStats {
  private readonly ring: (Bucket | undefined)[] = new Array<Bucket | undefined>(BUCKETS);

  constructor(
    private readonly sources: StatsSources,
    private readonly now: () => number = Date.now,
  ) {}

  stage(stage: TimedStage, ms: number): void {
    const b = this.bucket();
    let t = b.timings.get(stage);
    if (t === undefined) {
      t = { count: 0, sumMs: 0, bins: new Array<number>(EDGES_MS.length + 1).fill(0) };
      b.timings.set(stage, t);
    }
    t.count++;
    t.sumMs += ms;
    const bin = binOf(ms);
    t.bins[bin] = (t.bins[bin] ?? 0) + 1;
  }

  request(e: AuditEntry): void {
    const b = this.bucket();
    b.requests++;
    if (e.action === 'block') b.blocked++;
    if (e.action === 'error') b.errors++;
    if (e.errorCode?.startsWith('upstream_') === true) b.upstreamErrors++;
    for (const f of [...e.inputFindings, ...e.outputFindings]) if (f.action !== 'allow') b.rules.set(f.ruleId, (b.rules.get(f.ruleId) ?? 0) + 1);
    this.stage('total', e.latency.totalMs);
  }

  async snapshot(windowSeconds: number): Promise<StatsSnapshot> {
    const minutes = Math.max(1, Math.min(BUCKETS, Math.ceil(windowSeconds / 60)));
    const current = Math.floor(this.now() / MINUTE_MS);
    const first = current - minutes + 1;
    const totals = { requests: 0, blocked: 0, errors: 0, upstreamErrors: 0 };
    const rules = new Map<string, number>();
    const timings = new Map<TimedStage, Timing>();
    const series: StatsPoint[] = [];
    for (let m = first; m <= current; m++) {
      const b = this.ring[m % BUCKETS];
      const live = b !== undefined && b.minute === m ? b : undefined;
      series.push({ t: new Date(m * MINUTE_MS).toISOString(), requests: live?.requests ?? 0, blocked: live?.blocked ?? 0, errors: live?.errors ?? 0 });
      if (live === undefined) continue;
      totals.requests += live.requests;
      totals.blocked += live.blocked;
      totals.errors += live.errors;
      totals.upstreamErrors += live.upstreamErrors;
      for (const [r, n] of live.rules) rules.set(r, (rules.get(r) ?? 0) + n);
      for (const [s, t] of live.timings) {
        const acc = timings.get(s) ?? { count: 0, sumMs: 0, bins: new Array<number>(EDGES_MS.length + 1).fill(0) };
        acc.count += t.count;
        acc.sumMs += t.sumMs;
        t.bins.forEach((n, i) => (acc.bins[i] = (acc.bins[i] ?? 0) + n));
        timings.set(s, acc);
      }
    }
    const latency: Partial<Record<TimedStage, StageLatency>> = {};
    for (const s of TIMED) {
      const t = timings.get(s);
      if (t === undefined || t.count === 0) continue;
      latency[s] = { count: t.count, meanMs: t.sumMs / t.count, p50Ms: percentile(t.bins, t.count, 0.5), p95Ms: percentile(t.bins, t.count, 0.95), p99Ms: percentile(t.bins, t.count, 0.99) };
    }
    const topRules = [...rules].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([rule, count]) => ({ rule, count }));
    return {
      windowSeconds: minutes * 60,
      from: new Date(first * MINUTE_MS).toISOString(),
      to: new Date(this.now()).toISOString(),
      ...totals,
      blockRate: totals.requests === 0 ? 0 : totals.blocked / totals.requests,
      topRules,
      latency,
      series,
      breakers: this.sources.breakers(),
      approvalsPending: await this.sources.pendingApprovals(),
    };
  }

  private bucket(): Bucket {
    const minute = Math.floor(this.now() / MINUTE_MS);
    const i = minute % BUCKETS;
    const b = this.ring[i];
    if (b !== undefined && b.minute === minute) return b;
    const fresh: Bucket = { minute, requests: 0, blocked: 0, errors: 0, upstreamErrors: 0, rules: new Map(), timings: new Map() };
    this.ring[i] = fresh;
    return fresh;
  }
}
