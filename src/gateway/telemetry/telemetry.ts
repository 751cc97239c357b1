/**
 * One gateway's telemetry: Prometheus metrics, the in-process stats of the dashboard's overview, and traces
 * when configured. The server asks it for each request's `RecorderObserver` and wraps the policy engine with
 * `observeScans` (detector errors of every scan, whichever route ran it). Other parts (alerts) listen to
 * finished requests through `onRequest`.
 */
import { performance } from 'node:perf_hooks';
import type { AuditEntry } from '../../spec/gateway.js';
import type { ScanResult, Stage, Warden } from '../../spec/types.js';
import type { BreakerState } from '../../core/breaker.js';
import type { RecorderObserver } from '../recorder.js';
import type { MetricsConfig, TracingConfig } from './config.js';
import { GatewayMetrics } from './metrics.js';
import { RequestTrace, type TraceStart } from './request-trace.js';
import { GatewayStats } from './stats.js';
import type { CacheHealth } from '../../store/redis-health.js';
import { createTracer, type GatewayTracer } from './tracing.js';

export interface TelemetrySources {
  upstreams: ReadonlyMap<string, { breaker: { readonly state: BreakerState } }>;
  pendingApprovals(): Promise<number>;
  /** The Redis cache's health, for its metrics (gateway.cache). */
  cache?: CacheHealth;
  /** Routes the gateway serves (metric label values); other paths are counted as `unmatched`. */
  routes: ReadonlySet<string>;
  now?: () => number;
}

export class GatewayTelemetry {
  /** Absent when `metrics.enabled` is false. */
  readonly metrics: GatewayMetrics | undefined;
  readonly stats: GatewayStats;
  private readonly tracer: GatewayTracer | undefined;
  private readonly listeners: ((entry: AuditEntry) => void)[] = [];
  /** What every request reports to, traced or not. */
  private readonly base: RecorderObserver;

  constructor(cfg: { metrics: MetricsConfig; tracing: TracingConfig }, sources: TelemetrySources) {
    this.metrics = cfg.metrics.enabled ? new GatewayMetrics(cfg.metrics, sources, sources.routes) : undefined;
    const breakers = () => [...sources.upstreams].map(([upstream, e]) => ({ upstream, state: e.breaker.state }));
    this.stats = new GatewayStats({ breakers, pendingApprovals: sources.pendingApprovals }, sources.now);
    this.tracer = createTracer(cfg.tracing);
    const { metrics, stats, listeners } = this;
    this.base = {
      stageEnded(stage, ms) {
        metrics?.stage(stage, ms);
        stats.stage(stage, ms);
      },
      finished(entry, written) {
        metrics?.request(entry);
        stats.request(entry);
        for (const l of listeners) l(entry);
        if (metrics === undefined) return;
        const t0 = performance.now();
        const done = metrics.auditStarted();
        written.then(
          () => done(true, performance.now() - t0),
          () => done(false, performance.now() - t0),
        );
      },
    };
  }

  get tracing(): boolean {
    return this.tracer !== undefined;
  }

  /** The observer of one request: the shared one, or a trace of its own when tracing is on. */
  observer(start: TraceStart): RecorderObserver {
    return this.tracer === undefined ? this.base : new RequestTrace(this.tracer.tracer, start, this.base);
  }

  /** Calls `listener` with the audit entry of every finished API request. */
  onRequest(listener: (entry: AuditEntry) => void): void {
    this.listeners.push(listener);
  }

  /** The engine with every scan's detector errors counted (by detector and stage). */
  observeScans(warden: Warden): Warden {
    const metrics = this.metrics;
    if (metrics === undefined) return warden;
    const seen = (stage: Stage, r: ScanResult): ScanResult => {
      if (r.errors.length > 0) metrics.scanErrors(stage, r.errors);
      return r;
    };
    return {
      ...warden,
      scan: (text, stage, ctx) => seen(stage, warden.scan(text, stage, ctx)),
      scanInput: (messages, ctx) => seen('input', warden.scanInput(messages, ctx)),
      scanOutput: (text, ctx) => seen('output', warden.scanOutput(text, ctx)),
      scanAsync: async (text, stage, ctx, opts) => seen(stage, await warden.scanAsync(text, stage, ctx, opts)),
      scanInputAsync: async (messages, ctx, opts) => seen('input', await warden.scanInputAsync(messages, ctx, opts)),
      scanOutputAsync: async (text, ctx, opts) => seen('output', await warden.scanOutputAsync(text, ctx, opts)),
    };
  }

  /** Exports the spans still queued. */
  async close(): Promise<void> {
    await this.tracer?.shutdown();
  }
}
