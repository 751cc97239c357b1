/**
 * Gateway overhead: autocannon against a local fake provider reached four ways — directly, through a bare
 * fastify+undici pass-through proxy, through Warden with every detector off (the gateway's own cost), and
 * through Warden with the default policy — for non-streaming
 * and streaming chat with 1 KB and 8 KB prompts; then a fixed 500 req/s run, streaming time to first
 * token, and a 100k-request soak measuring RSS growth. Prints tables; the last line is JSON.
 * Run: npm run bench:gateway   (BENCH_QUICK=1 for a short smoke run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { renderTable, type Cell } from '../src/cli/eval/table.js';
import { gatewayConfigFromObject } from '../src/gateway/config.js';
import { buildGateway, closeGracefully, servicesSection } from '../src/gateway/server.js';
import { createGatewayServices } from '../src/gateway/services.js';
import { BUILTIN_DETECTORS } from '../src/detectors/index.js';
import { createWarden } from '../src/warden.js';
import { promptText } from './lib/text.js';

interface Histogram {
  average: number;
  p50: number;
  p99: number;
}
interface CannonResult {
  statusCodeStats: Record<string, { count: number }>;
  requests: Histogram & { total: number };
  latency: Histogram;
  non2xx: number;
  errors: number;
}
interface CannonOptions {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration?: number;
  amount?: number;
  overallRate?: number;
}
type Autocannon = (opts: CannonOptions) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const QUICK = process.env.BENCH_QUICK === '1';
const DURATION = QUICK ? 2 : 6;
const CONNECTIONS = 16;
const SOAK = QUICK ? 5_000 : 100_000;
const KEY = 'wk-bench-0123456789';
const ANSWER = 'Sure. Here is a short answer that a model might give to a question like yours, with a few sentences of text. ';
const STREAM_CHUNKS = 40;
const TTFT_CHUNK_DELAY_MS = 2;
/** Runs that had a few non-2xx answers, reported with the results. */
const failures: string[] = [];

// ---- fake provider ----------------------------------------------------------------------------------

function chunk(content: string | null, finish: string | null): string {
  const delta = content === null ? {} : { content };
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'bench', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

async function fakeProvider(req: IncomingMessage, res: ServerResponse, chunkDelayMs: number): Promise<void> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { stream?: boolean };
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'c1',
        object: 'chat.completion',
        created: 1,
        model: 'bench',
        choices: [{ index: 0, message: { role: 'assistant', content: ANSWER.repeat(3) }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 256, completion_tokens: 60, total_tokens: 316 },
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (let i = 0; i < STREAM_CHUNKS; i++) {
    res.write(chunk(`tok${i} and more `, null));
    if (chunkDelayMs > 0) await new Promise((r) => setTimeout(r, chunkDelayMs));
  }
  res.end(`${chunk(null, 'stop')}data: [DONE]\n\n`);
}

async function listen(server: ReturnType<typeof createServer>): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// ---- bare pass-through proxy (the baseline any proxy pays) ----------------------------------------------

async function bareProxy(upstream: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });
  app.post('/v1/chat/completions', async (req, reply) => {
    const res = await request(`${upstream}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(req.body),
    });
    reply.code(res.statusCode).header('content-type', String(res.headers['content-type'] ?? 'application/json'));
    return reply.send(res.body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

// ---- Warden ---------------------------------------------------------------------------------------------

/** Every detector off: what the gateway itself costs (auth, audit, parsing, proxying) without the policy scans. */
const NO_DETECTORS = { detectors: Object.fromEntries(BUILTIN_DETECTORS.map((d) => [d.id, { enabled: false }])) };

async function warden(upstream: string, holdback: number, policy: Record<string, unknown> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-bench-'));
  const loaded = gatewayConfigFromObject({
    extends: 'default',
    ...policy,
    gateway: {
      log_level: 'silent',
      upstreams: { fake: { type: 'openai-compatible', base_url: `${upstream}/v1`, stream_usage: false } },
      models: { bench: { upstream: 'fake', model: 'bench' } },
      stream: { holdback_chars: holdback },
      body_limit_bytes: 4 * 1024 * 1024,
    },
  });
  const services = await createGatewayServices(servicesSection(loaded.gateway), { dataDir, openMode: { apiKey: KEY } });
  const app = await buildGateway({ config: loaded.gateway, warden: createWarden(loaded.policy), services, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    close: async () => {
      await closeGracefully(app, 2_000);
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function urlOf(app: FastifyInstance): string {
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

function payload(bytes: number, stream: boolean): string {
  return JSON.stringify({ model: 'bench', stream, messages: [{ role: 'user', content: promptText(bytes, bytes) }] });
}

async function cannon(base: string, body: string, extra: Partial<CannonOptions> = {}): Promise<CannonResult> {
  const r = await autocannon({
    url: `${base}/v1/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body,
    connections: CONNECTIONS,
    ...(extra.amount === undefined ? { duration: DURATION } : {}),
    ...extra,
  });
  // A loaded host can push a scan past the policy's latency budget, which fails closed (400); a few are tolerated and reported.
  const bad = r.non2xx + r.errors;
  if (bad > 0) failures.push(`${base}: ${r.non2xx} non-2xx ${JSON.stringify(r.statusCodeStats)}, ${r.errors} errors of ${r.requests.total}`);
  if (bad > Math.max(5, r.requests.total / 100)) throw new Error(`benchmark run against ${base} failed: ${failures.at(-1)}`);
  return r;
}

/** Median time to the first content delta over sequential streaming requests. */
async function ttft(base: string, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await request(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: payload(1024, true),
    });
    let first = 0;
    for await (const c of res.body) {
      if (first === 0 && String(c).includes('tok')) first = performance.now() - t0;
    }
    times.push(first);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function settledMemory(): { rss: number; heap: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  const fast = createServer((req, res) => void fakeProvider(req, res, 0));
  const slow = createServer((req, res) => void fakeProvider(req, res, TTFT_CHUNK_DELAY_MS));
  const fastUrl = await listen(fast);
  const slowUrl = await listen(slow);
  const bare = await bareProxy(fastUrl);
  const w = await warden(fastUrl, 512);
  const plumbing = await warden(fastUrl, 512, NO_DETECTORS);
  const targets = { direct: fastUrl, bare: urlOf(bare), 'warden-no-detectors': urlOf(plumbing.app), warden: urlOf(w.app) };

  const rows: Cell[][] = [];
  const summary: Record<string, { rps: number; p50: number; p99: number }> = {};
  for (const stream of [false, true]) {
    for (const bytes of [1024, 8192]) {
      const body = payload(bytes, stream);
      for (const [name, base] of Object.entries(targets)) {
        await cannon(base, body, { duration: QUICK ? 1 : 3 });
        const r = await cannon(base, body);
        const key = `${name}/${stream ? 'stream' : 'json'}/${bytes}`;
        summary[key] = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
        const direct = summary[`direct/${stream ? 'stream' : 'json'}/${bytes}`];
        rows.push([stream ? 'stream' : 'json', `${bytes / 1024} KB`, name, round(r.requests.average, 0), r.latency.p50, r.latency.p99, direct ? round(r.latency.p50 - direct.p50) : null, direct ? round(r.latency.p99 - direct.p99) : null]);
      }
    }
  }
  console.log(renderTable(['mode', 'prompt', 'target', 'req/s', 'p50 ms', 'p99 ms', '+p50 ms', '+p99 ms'], rows, { title: `Throughput, ${CONNECTIONS} connections, ${DURATION}s each` }));

  const fixed: Cell[][] = [];
  const fixedBy: Record<string, CannonResult> = {};
  for (const bytes of [1024, 8192]) {
    for (const [name, base] of Object.entries(targets)) {
      const r = await cannon(base, payload(bytes, false), { overallRate: 500, connections: 20 });
      fixedBy[`${name}/${bytes}`] = r;
      const d = fixedBy[`direct/${bytes}`];
      fixed.push([`${bytes / 1024} KB`, name, round(r.requests.average, 0), r.latency.p50, r.latency.p99, d ? round(r.latency.p50 - d.latency.p50) : null, d ? round(r.latency.p99 - d.latency.p99) : null]);
    }
  }
  console.log(renderTable(['prompt', 'target', 'req/s', 'p50 ms', 'p99 ms', '+p50 ms', '+p99 ms'], fixed, { title: 'Fixed rate 500 req/s (non-streaming)' }));

  // Time to first token with a provider that streams 40 chunks 2 ms apart, for two hold-back sizes.
  const n = QUICK ? 20 : 100;
  const w512 = await warden(slowUrl, 512);
  const w64 = await warden(slowUrl, 64);
  const ttftDirect = await ttft(slowUrl, n);
  const ttft512 = await ttft(urlOf(w512.app), n);
  const ttft64 = await ttft(urlOf(w64.app), n);
  await w512.close();
  await w64.close();
  console.log(
    renderTable(
      ['target', 'median TTFT ms', 'added ms'],
      [
        ['direct', round(ttftDirect), 0],
        ['warden hold-back 512', round(ttft512), round(ttft512 - ttftDirect)],
        ['warden hold-back 64', round(ttft64), round(ttft64 - ttftDirect)],
      ],
      { title: `Streaming time to first token (${STREAM_CHUNKS} chunks of ~16 chars, ${TTFT_CHUNK_DELAY_MS} ms apart)` },
    ),
  );

  // Soak: memory growth over SOAK requests through Warden, measured after a warm-up and a full GC each side.
  const soakBody = payload(1024, false);
  await cannon(targets.warden, soakBody, { amount: Math.min(10_000, SOAK) });
  const before = settledMemory();
  const t0 = performance.now();
  await cannon(targets.warden, soakBody, { amount: SOAK });
  const soakSec = (performance.now() - t0) / 1000;
  const after = settledMemory();
  const growthMb = (after.rss - before.rss) / 1048576;
  const heapGrowthMb = (after.heap - before.heap) / 1048576;
  console.log(
    `Soak: ${SOAK} requests in ${round(soakSec, 1)} s (${round(SOAK / soakSec, 0)} req/s); after GC: RSS ${round(before.rss / 1048576, 1)} -> ${round(after.rss / 1048576, 1)} MB (${round(growthMb, 1)} MB), ` +
      `heap ${round(before.heap / 1048576, 1)} -> ${round(after.heap / 1048576, 1)} MB (${round(heapGrowthMb, 1)} MB); one process with autocannon and the fake provider`,
  );

  if (failures.length > 0) console.log(`Non-2xx answers (tolerated, under 1%):\n  ${failures.join('\n  ')}`);
  await w.close();
  await plumbing.close();
  await bare.close();
  fast.close();
  slow.close();

  const wj = summary['warden/json/1024'];
  const bj = summary['bare/json/1024'];
  const dj = summary['direct/json/1024'];
  console.log(
    JSON.stringify({
      warden_vs_bare_throughput: wj && bj ? round(wj.rps / bj.rps, 3) : null,
      added_p50_ms: wj && dj ? round(wj.p50 - dj.p50) : null,
      added_p99_ms: wj && dj ? round(wj.p99 - dj.p99) : null,
      stream_ttft_added_ms: round(ttft512 - ttftDirect),
      soak_rss_growth: `${round(growthMb, 1)} MB (heap ${round(heapGrowthMb, 1)} MB) over ${SOAK} requests`,
    }),
  );
}

await main();
