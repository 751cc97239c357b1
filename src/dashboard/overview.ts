/**
 * The overview's figures over a selectable window, computed from the audit log (the records survive restarts and
 * are the same for every replica): traffic and blocks per time bucket, block rate, top rules, latency per stage
 * (p50/p95), upstream errors, and the circuit breakers' state now. At most MAX_RECORDS newest records of the window
 * are read; when a window holds more, the answer says so and the page shows it.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parse } from '../gateway/admin-input.js';
import type { AuditRecord } from '../spec/gateway.js';
import type { DashboardDeps } from './deps.js';
import { operatorOf } from './request-state.js';
import { listTenant } from './scope.js';
import { isTraffic } from './summary.js';

export const WINDOWS = { '15m': 900_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000 } as const;
export const MAX_RECORDS = 20_000;
const BUCKETS = 60;
const PAGE = 1000;
const STAGES = ['inputScanMs', 'upstreamMs', 'outputScanMs', 'ttftMs', 'totalMs'] as const;

const query = z.strictObject({
  window: z.enum(Object.keys(WINDOWS) as [keyof typeof WINDOWS, ...(keyof typeof WINDOWS)[]]).default('1h'),
  tenant: z.string().min(1).max(256).optional(),
});

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? null;
}

function top(counts: Map<string, number>, n: number): Array<{ name: string; count: number }> {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([name, count]) => ({ name, count }));
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

export function summarizeWindow(records: readonly AuditRecord[], since: number, windowMs: number) {
  const step = windowMs / BUCKETS;
  const buckets = { t: [] as number[], total: [] as number[], blocked: [] as number[], errors: [] as number[] };
  for (let i = 0; i < BUCKETS; i++) {
    buckets.t.push(Math.round((since + i * step) / 1000));
    buckets.total.push(0);
    buckets.blocked.push(0);
    buckets.errors.push(0);
  }
  const rules = new Map<string, number>();
  const upstreamErrors = new Map<string, number>();
  const latency = new Map<string, number[]>(STAGES.map((s) => [s, []]));
  let blocked = 0;
  for (const r of records) {
    const i = Math.min(BUCKETS - 1, Math.max(0, Math.floor((Date.parse(r.ts) - since) / step)));
    (buckets.total[i] as number)++;
    if (r.action === 'block') {
      blocked++;
      (buckets.blocked[i] as number)++;
    }
    if (r.action === 'error') (buckets.errors[i] as number)++;
    if (r.decidingRule !== undefined) bump(rules, r.decidingRule);
    if (r.errorCode?.startsWith('upstream_')) bump(upstreamErrors, `${r.upstream ?? 'none'} ${r.errorCode}`);
    for (const s of STAGES) {
      const v = r.latency[s];
      if (typeof v === 'number') latency.get(s)?.push(v);
    }
  }
  const stages = STAGES.map((s) => {
    const v = (latency.get(s) ?? []).sort((a, b) => a - b);
    return { stage: s.replace(/Ms$/, ''), count: v.length, p50: percentile(v, 0.5), p95: percentile(v, 0.95) };
  });
  return {
    requests: records.length,
    blocked,
    blockRate: records.length === 0 ? 0 : blocked / records.length,
    buckets,
    topRules: top(rules, 10),
    latency: stages,
    upstreamErrors: top(upstreamErrors, 10).map(({ name, count }) => {
      const [upstream, code] = name.split(' ');
      return { upstream, code, count };
    }),
  };
}

export function overviewRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  app.get('/dashboard/api/overview', async (req) => {
    const q = parse(query, req.query);
    const tenant = listTenant(operatorOf(req), q.tenant);
    const windowMs = WINDOWS[q.window];
    const since = deps.admin.now() - windowMs;
    const records: AuditRecord[] = [];
    let beforeSeq: number | undefined;
    let capped = false;
    for (;;) {
      const page = await deps.admin.audit.query({ tenant, since: new Date(since).toISOString(), limit: PAGE, beforeSeq });
      for (const r of page) if (isTraffic(r)) records.push(r);
      beforeSeq = page.at(-1)?.seq;
      if (page.length < PAGE) break;
      if (records.length >= MAX_RECORDS) {
        capped = true;
        break;
      }
    }
    const breakers = [...deps.upstreams].map(([name, e]) => ({ upstream: name, state: e.breaker.state, failureRate: e.breaker.failureRate() }));
    return { window: q.window, since: new Date(since).toISOString(), capped, maxRecords: MAX_RECORDS, ...summarizeWindow(records, since, windowMs), breakers };
  });
}
