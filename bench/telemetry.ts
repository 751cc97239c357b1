/**
 * What telemetry costs a request. The same in-process gateway (default policy, offline demo upstream, SQLite
 * audit) is built three ways — telemetry off (no /metrics, no tracer), metrics on (the default), metrics and
 * OTLP tracing to a local receiver — and driven with app.inject in interleaved rounds (so drift on a shared host
 * hits every configuration alike); medians of the rounds are reported with ratios against "off". Then the
 * per-request observer alone, in a tight loop. Checks that without an endpoint no global tracer provider exists.
 * Prints a table; the last line is JSON. Run: npm run bench:telemetry   (BENCH_QUICK=1 for a short run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { openGatewayServices } from '../src/gateway/backends/index.js';
import { gatewayConfigFromObject } from '../src/gateway/config.js';
import { buildGateway } from '../src/gateway/server.js';
import type { GatewayServices } from '../src/gateway/services.js';
import { GatewayTelemetry } from '../src/gateway/telemetry/telemetry.js';
import type { AuditEntry } from '../src/spec/gateway.js';
import { renderTable } from '../src/cli/eval/table.js';
import { createWarden } from '../src/warden.js';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = QUICK ? 3 : 7;
const PER_ROUND = QUICK ? 300 : 1_500;
const CONCURRENCY = 8;
const OBSERVER_LOOPS = QUICK ? 20_000 : 200_000;
const KEY = 'wk-bench-telemetry-0001';
const PROMPT = 'Summarise the attached quarterly report for the board in three bullet points. '.repeat(8);

type Mode = 'off' | 'metrics' | 'tracing';
interface Built {
  mode: Mode;
  app: FastifyInstance;
  services: GatewayServices;
  dir: string;
}

async function build(mode: Mode, otlp: string): Promise<Built> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-tel-'));
  const loaded = gatewayConfigFromObject({
    extends: 'default',
    // A shared host can stall a scan past the default budget, which fails closed; this bench is about telemetry.
    budget_ms: 1_000,
    gateway: {
      log_level: 'silent',
      upstreams: { demo: { type: 'demo' } },
      models: { demo: { upstream: 'demo', model: 'warden-demo-vulnerable' } },
      metrics: { enabled: mode !== 'off' },
      ...(mode === 'tracing' ? { tracing: { otlp_endpoint: otlp } } : {}),
    },
  });
  const services = await openGatewayServices(loaded.gateway, { dataDir: dir, openMode: { apiKey: KEY } });
  const app = await buildGateway({ config: loaded.gateway, warden: createWarden(loaded.policy), services, logger: false });
  await app.ready();
  return { mode, app, services, dir };
}

async function round(b: Built): Promise<number> {
  const one = async () => {
    const res = await b.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      payload: { model: 'demo', messages: [{ role: 'user', content: PROMPT }] },
    });
    if (res.statusCode !== 200) throw new Error(`${b.mode}: HTTP ${res.statusCode} ${res.body.slice(0, 200)}`);
  };
  const t0 = performance.now();
  for (let sent = 0; sent < PER_ROUND; sent += CONCURRENCY) await Promise.all(Array.from({ length: CONCURRENCY }, one));
  return (PER_ROUND / (performance.now() - t0)) * 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const ENTRY: AuditEntry = {
  requestId: 'r', ts: '', route: '/v1/chat/completions', identity: { keyId: 'k', tenant: 't', roles: [], authMethod: 'api-key' }, model: 'm', upstream: 'u',
  request: { messages: [] }, inputFindings: [], outputFindings: [], action: 'allow', status: 200, output: null, latency: { totalMs: 3 }, streamed: false,
};

/** ns per request of the observer alone: made, four stages, finished. */
function observerNs(t: GatewayTelemetry): number {
  const written = Promise.resolve();
  const t0 = performance.now();
  for (let i = 0; i < OBSERVER_LOOPS; i++) {
    const o = t.observer({ requestId: 'r', method: 'POST', route: '/v1/chat/completions', traceparent: undefined });
    o.stageEnded('admission', 0.1);
    o.stageEnded('input_scan', 0.5, []);
    o.stageEnded('upstream', 2);
    o.stageEnded('output_scan', 0.3, []);
    o.finished(ENTRY, written);
  }
  return ((performance.now() - t0) * 1e6) / OBSERVER_LOOPS;
}

async function main(): Promise<void> {
  let exported = 0;
  const receiver = createServer((req, res) => {
    req.on('data', () => undefined).on('end', () => {
      exported++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const addr = receiver.address();
  const otlp = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/v1/traces`;
  const built = [await build('off', otlp), await build('metrics', otlp), await build('tracing', otlp)];
  const registered = trace.getTracer('probe').startSpan('probe').isRecording();
  const rates: Record<Mode, number[]> = { off: [], metrics: [], tracing: [] };
  try {
    for (const b of built) await round(b);
    for (let r = 0; r < ROUNDS; r++) for (const b of built) rates[b.mode].push(await round(b));
  } finally {
    for (const b of built) {
      await b.app.close();
      await b.services.close();
      rmSync(b.dir, { recursive: true, force: true });
    }
  }
  const sources = { upstreams: new Map(), pendingApprovals: async () => 0, routes: new Set<string>() };
  const off = new GatewayTelemetry(gatewayConfigFromObject({ gateway: { metrics: { enabled: false } } }).gateway, sources);
  const metricsOnly = new GatewayTelemetry(gatewayConfigFromObject({}).gateway, sources);
  const traced = new GatewayTelemetry(gatewayConfigFromObject({ gateway: { tracing: { otlp_endpoint: otlp } } }).gateway, sources);
  const ns = { off: observerNs(off), metrics: observerNs(metricsOnly), tracing: observerNs(traced) };
  await traced.close();
  receiver.close();

  const m = { off: median(rates.off), metrics: median(rates.metrics), tracing: median(rates.tracing) };
  const rows = (['off', 'metrics', 'tracing'] as const).map((mode) => [mode, m[mode].toFixed(0), (m[mode] / m.off).toFixed(3), ns[mode].toFixed(0)]);
  console.log(`Telemetry cost: ${ROUNDS} interleaved rounds of ${PER_ROUND} chat requests (concurrency ${CONCURRENCY}, demo upstream, default policy), medians.`);
  console.log(renderTable(['telemetry', 'req/s', 'vs off', 'observer ns/req'], rows));
  console.log(`Global tracer provider registered by the gateway: ${registered ? 'yes' : 'no'}; OTLP exports received: ${exported}.`);
  console.log(
    JSON.stringify({
      offReqPerSec: Math.round(m.off),
      metricsReqPerSec: Math.round(m.metrics),
      tracingReqPerSec: Math.round(m.tracing),
      metricsVsOff: Number((m.metrics / m.off).toFixed(3)),
      tracingVsOff: Number((m.tracing / m.off).toFixed(3)),
      observerNsOff: Math.round(ns.off),
      observerNsMetrics: Math.round(ns.metrics),
      observerNsTracing: Math.round(ns.tracing),
      globalTracerProviderRegistered: registered,
      otlpExports: exported,
    }),
  );
}

await main();
