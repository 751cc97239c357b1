/**
 * The gateway's Prometheus metrics (prom-client), one registry per gateway so that two gateways in a process
 * never share counters. Requests are counted from their audit entry when it is written, so a metric and the
 * audit log cannot disagree about what happened; gauges (breakers, pending approvals) are read at scrape time.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerState } from '../../core/breaker.js';
import type { AuditEntry } from '../../spec/gateway.js';
import type { DetectorError, Stage } from '../../spec/types.js';
import type { PipelineStage } from '../recorder.js';
import type { MetricsConfig } from './config.js';
import type { CacheHealth } from '../../store/redis-health.js';

/** Where the scrape-time gauges come from. */
export interface MetricsSources {
  upstreams: ReadonlyMap<string, { breaker: { readonly state: BreakerState } }>;
  pendingApprovals(): Promise<number>;
  /** The Redis cache's health (gateway.cache); no cache metrics without it. */
  cache?: CacheHealth;
}

/** A histogram stage: the pipeline's and the whole request (`total`). */
export type TimedStage = PipelineStage | 'total';

const BREAKER_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, 'half-open': 1, open: 2 };
/** Seconds: from a cached scan (0.1 ms) to a long generation (2 min). */
const LATENCY_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Label value for routes the gateway does not serve (a 404 path is client text and would grow the series without end). */
export const UNMATCHED_ROUTE = 'unmatched';
export const OTHER_TENANT = 'other';
/** Label value of requests refused before a caller was identified. */
export const NO_TENANT = 'none';

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly tenants = new Set<string>();
  private readonly requests: Counter<'route' | 'status' | 'tenant' | 'action'>;
  private readonly verdicts: Counter<'rule' | 'action' | 'stage'>;
  private readonly stages: Histogram<'stage'>;
  private readonly upstreamErrors: Counter<'upstream' | 'code'>;
  private readonly detectorErrors: Counter<'detector' | 'stage'>;
  private readonly toolDecisions: Counter<'action' | 'rule'>;
  private readonly auditLag: Histogram;
  private readonly auditFailures: Counter;
  private readonly auditInFlight: Gauge;
  private inFlight = 0;

  constructor(
    private readonly cfg: MetricsConfig,
    sources: MetricsSources,
    private readonly routes: ReadonlySet<string>,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({ name: 'warden_requests_total', help: 'API requests by route, HTTP status, tenant and final action.', labelNames: ['route', 'status', 'tenant', 'action'], registers });
    this.verdicts = new Counter({ name: 'warden_verdicts_total', help: 'Findings by rule, the action the policy gave them, and scan stage.', labelNames: ['rule', 'action', 'stage'], registers });
    this.stages = new Histogram({ name: 'warden_stage_duration_seconds', help: 'Time spent per pipeline stage (admission, input_scan, upstream, output_scan) and per request (total).', labelNames: ['stage'], buckets: LATENCY_BUCKETS, registers });
    this.upstreamErrors = new Counter({ name: 'warden_upstream_errors_total', help: 'Requests that failed at the upstream, by upstream and error code.', labelNames: ['upstream', 'code'], registers });
    this.detectorErrors = new Counter({ name: 'warden_detector_errors_total', help: 'Detector and guard errors (each decided by on_error), by detector and scan stage.', labelNames: ['detector', 'stage'], registers });
    this.toolDecisions = new Counter({ name: 'warden_tool_decisions_total', help: 'Tool calls decided by the tool policy, by action and deciding rule.', labelNames: ['action', 'rule'], registers });
    this.auditLag = new Histogram({ name: 'warden_audit_write_lag_seconds', help: 'From the end of a request to its audit record being stored.', buckets: LATENCY_BUCKETS, registers });
    this.auditFailures = new Counter({ name: 'warden_audit_write_failures_total', help: 'Audit records whose write failed.', registers });
    this.auditInFlight = new Gauge({ name: 'warden_audit_writes_pending', help: 'Audit records handed to the store and not yet stored.', registers });
    new Gauge({
      name: 'warden_upstream_breaker_state',
      help: 'Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open.',
      labelNames: ['upstream'],
      registers,
      collect() {
        for (const [name, e] of sources.upstreams) this.set({ upstream: name }, BREAKER_VALUE[e.breaker.state]);
      },
    });
    new Gauge({
      name: 'warden_approvals_pending',
      help: 'Tool-call approvals waiting for a decision.',
      registers,
      async collect() {
        this.set(await sources.pendingApprovals());
      },
    });
    if (sources.cache) this.cacheGauges(sources.cache, registers);
  }

  /** Redis reachability and what its outages cost: counts kept by CacheHealth, read at scrape time. */
  private cacheGauges(cache: CacheHealth, registers: Registry[]): void {
    const gauges = [
      ['warden_cache_up', 'Whether the Redis cache (gateway.cache) is reachable: 1 up, 0 down.', () => (cache.snapshot().up ? 1 : 0)],
      ['warden_cache_outages_total', 'Times the Redis cache connection was lost.', () => cache.snapshot().outages],
      ['warden_cache_degraded_operations_total', 'Limit operations counted locally while Redis was unavailable (on_unavailable: degrade).', () => cache.snapshot().degradedOps],
      ['warden_cache_refused_operations_total', 'Operations refused because Redis was unavailable (fail_closed, or a change that cannot degrade).', () => cache.snapshot().refusedOps],
    ] as const;
    for (const [name, help, read] of gauges) {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    }
  }

  stage(stage: TimedStage, ms: number): void {
    this.stages.observe({ stage }, ms / 1000);
  }

  /** One finished request, from its audit entry. */
  request(e: AuditEntry): void {
    const route = this.routes.has(e.route) ? e.route : UNMATCHED_ROUTE;
    this.requests.inc({ route, status: String(e.status), tenant: this.tenantLabel(e.identity?.tenant), action: e.action });
    for (const f of e.inputFindings) this.verdicts.inc({ rule: f.ruleId, action: f.action, stage: f.stage });
    for (const f of e.outputFindings) this.verdicts.inc({ rule: f.ruleId, action: f.action, stage: f.stage });
    for (const t of e.toolCalls ?? []) this.toolDecisions.inc({ action: t.action, rule: t.ruleId });
    if (e.errorCode?.startsWith('upstream_') === true) this.upstreamErrors.inc({ upstream: e.upstream ?? 'none', code: e.errorCode });
    this.stage('total', e.latency.totalMs);
  }

  scanErrors(stage: Stage, errors: readonly DetectorError[]): void {
    for (const err of errors) this.detectorErrors.inc({ detector: err.detector, stage });
  }

  /** An audit record was handed to the store; the returned function reports its outcome. */
  auditStarted(): (ok: boolean, ms: number) => void {
    this.auditInFlight.set(++this.inFlight);
    return (ok, ms) => {
      this.auditInFlight.set(--this.inFlight);
      if (ok) this.auditLag.observe(ms / 1000);
      else this.auditFailures.inc();
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private tenantLabel(tenant: string | undefined): string {
    if (tenant === undefined) return NO_TENANT;
    if (this.tenants.has(tenant)) return tenant;
    if (this.tenants.size >= this.cfg.max_tenants) return OTHER_TENANT;
    this.tenants.add(tenant);
    return tenant;
  }
}
