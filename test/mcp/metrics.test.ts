/**
 * The MCP proxy's /metrics: each tool's breaker state, scraped over HTTP and parsed with the strict Prometheus text
 * parser the gateway's metrics test uses; beside the MCP endpoint (token required), or on gateway.metrics.listen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from '../gateway/helpers/prom-text.js';
import { call, connect, refusalOf, stdioFixture, testDir, type TestDir } from './helpers.js';

const TOKEN = 'metrics-token-for-mcp-tests-0123';

describe('mcp proxy metrics', () => {
  let t: TestDir;
  afterEach(() => {
    delete process.env.WARDEN_TEST_MCP_METRICS;
    t.dispose();
  });

  it('reports each tool breaker state on the HTTP listener, to a bearer of the metrics token only', async () => {
    t = testDir();
    process.env.WARDEN_TEST_MCP_METRICS = TOKEN;
    const p = await connect(
      t.config(
        { servers: { fx: stdioFixture() }, listen: { port: 0 }, call_timeout_ms: 300, breakers: { failure_threshold: 2, cooldown_ms: 600_000 } },
        { gateway: { data_dir: t.dataDir, metrics: { token_env: 'WARDEN_TEST_MCP_METRICS' } } },
      ),
    );
    const url = new URL('/metrics', p.running.listener?.url ?? '');
    const scrape = async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return parsePrometheusText(await res.text());
    };
    try {
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      let families = await scrape();
      expect(families.get('warden_mcp_tool_breaker_state')?.type).toBe('gauge');
      expect(sampleValue(families, 'warden_mcp_tool_breaker_state', { tool: 'slow' })).toBe(0);
      expect(refusalOf(await call(p.client, 'slow'))).toMatchObject({ rule: 'mcp/upstream-timeout' });
      expect(refusalOf(await call(p.client, 'slow'))).toMatchObject({ rule: 'mcp/upstream-timeout' });
      expect(refusalOf(await call(p.client, 'slow'))).toMatchObject({ rule: 'mcp/breaker-open' });
      families = await scrape();
      expect(sampleValue(families, 'warden_mcp_tool_breaker_state', { tool: 'slow' })).toBe(2);
      expect(sampleValue(families, 'warden_mcp_tool_breaker_state', { tool: 'add' })).toBe(0);
      expect(families.has('process_cpu_seconds_total')).toBe(true);
    } finally {
      await p.close();
    }
  }, 60_000);

  it('serves /metrics on gateway.metrics.listen for a stdio-only proxy', async () => {
    t = testDir();
    const p = await connect(t.config({ servers: { fx: stdioFixture() }, breakers: {} }, { gateway: { data_dir: t.dataDir, metrics: { listen: { port: 0 } } } }));
    try {
      const res = await fetch(`${p.running.metricsListener?.url ?? ''}/metrics`);
      expect(res.status).toBe(200);
      const families = parsePrometheusText(await res.text());
      expect(sampleValue(families, 'warden_mcp_tool_breaker_state', { tool: 'add' })).toBe(0);
    } finally {
      await p.close();
    }
  }, 60_000);
});
