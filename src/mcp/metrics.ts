/**
 * The MCP proxy's Prometheus metrics (prom-client, a registry of its own): each tool's circuit breaker state, read
 * at scrape time, for every tool in the catalog (closed until it has failed) and every tool with a breaker, plus
 * the process metrics. Served at /metrics on the proxy's HTTP listener or on gateway.metrics.listen (start.ts).
 */
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { BreakerState } from '../core/breaker.js';
import type { MetricsSource } from '../gateway/telemetry/metrics-route.js';
import type { McpProxy } from './proxy.js';

const BREAKER_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, 'half-open': 1, open: 2 };

export function createMcpMetrics(proxy: Pick<McpProxy, 'catalog' | 'breakers'>): MetricsSource {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'warden_mcp_tool_breaker_state',
    help: 'Circuit breaker state per MCP tool (mcp.breakers): 0 closed, 1 half-open, 2 open.',
    labelNames: ['tool'],
    registers: [registry],
    collect() {
      this.reset();
      if (proxy.breakers === undefined) return;
      for (const t of proxy.catalog.all()) this.set({ tool: t.exposed }, 0);
      for (const { tool, state } of proxy.breakers.states()) this.set({ tool }, BREAKER_VALUE[state]);
    },
  });
  return { text: () => registry.metrics(), contentType: registry.contentType };
}
