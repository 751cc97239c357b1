/**
 * Scale-out: one, two and three `warden serve` replicas on loopback sharing PostgreSQL (gateway.store) and Redis
 * (gateway.cache), against the demo upstream, compared with the embedded single process (SQLite, in-memory limits)
 * measured in the same run. Reports throughput and added latency, requests admitted beyond a shared per-key limit
 * when three replicas are hit at once, and how long a kill switch set through one replica takes to reach the others.
 * The load generator runs in this process on the same cores as the replicas (see docs/benchmarks.md for what that
 * bounds). Prints tables; the last line is JSON.
 * Run: npm run bench:scale   (needs PostgreSQL at WARDEN_TEST_PG_URL or 127.0.0.1:5432/test, Redis at REDIS_URL or 127.0.0.1:6379)
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { request } from 'undici';
import { percentile } from '../src/cli/eval/metrics.js';
import { renderTable } from '../src/cli/eval/table.js';
import { startReplica, type Replica } from '../test/gateway/scale/replica-process.js';
import { CORES } from './lib/host.js';

const PG_URL = process.env['WARDEN_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const QUICK = process.env['BENCH_QUICK'] === '1';
const DURATION_MS = QUICK ? 2000 : 5000;
const CONCURRENCY = 24;
const LATENCY_SAMPLES = QUICK ? 100 : 300;
/** The shared per-key limit of the over-admission phase, and how many requests race for it. */
const LIMIT = 60;
const RACERS = 300;
const ADMIN = `bench-admin-${randomBytes(8).toString('hex')}`;
const ENV = { WARDEN_ADMIN_TOKEN: ADMIN, WARDEN_KEY_PEPPER: randomBytes(16).toString('hex') };
const BODY = JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: 'Summarise the quarterly report in two sentences.' }] });

async function chat(url: string, key: string): Promise<number> {
  const r = await request(`${url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: BODY });
  await r.body.dump();
  return r.statusCode;
}

async function admin(url: string, method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const r = await request(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.body.text();
  if (r.statusCode >= 300) throw new Error(`${method} ${path}: ${r.statusCode} ${text}`);
  return JSON.parse(text) as unknown;
}

async function newKey(url: string, tenant: string, limits?: Record<string, number>): Promise<{ key: string; id: string }> {
  const created = (await admin(url, 'POST', '/admin/keys', { tenant, ...(limits ? { limits } : {}) })) as { key: string; record: { id: string } };
  return { key: created.key, id: created.record.id };
}

/** Closed-loop load: CONCURRENCY workers, round-robin over the replicas, for DURATION_MS after a short warm-up. */
async function throughput(urls: string[], key: string): Promise<{ rps: number; errors: number }> {
  const run = async (ms: number) => {
    let ok = 0;
    let errors = 0;
    let next = 0;
    const end = performance.now() + ms;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < end) {
          const status = await chat(urls[next++ % urls.length] as string, key);
          if (status === 200) ok++;
          else errors++;
        }
      }),
    );
    return { rps: ok / (ms / 1000), errors };
  };
  await run(500);
  return run(DURATION_MS);
}

/** Sequential requests: the latency one request sees with nothing else in flight. */
async function latency(url: string, key: string): Promise<{ p50: number; p99: number }> {
  const ms: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const t0 = performance.now();
    await chat(url, key);
    ms.push(performance.now() - t0);
  }
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

/** Time from the admin call that sets a tenant switch on `a` until every other replica refuses the tenant's key. */
async function killSwitchMs(a: string, others: string[], tenant: string, key: string): Promise<number> {
  const t0 = performance.now();
  await admin(a, 'PUT', '/admin/kill-switches', { scope: 'tenant', id: tenant, reason: 'bench' });
  const reached = await Promise.all(
    others.map(async (url) => {
      for (;;) {
        if ((await chat(url, key)) === 403) return performance.now() - t0;
        if (performance.now() - t0 > 5000) throw new Error(`kill switch did not reach ${url} within 5 s`);
      }
    }),
  );
  await admin(a, 'DELETE', `/admin/kill-switches/tenant/${tenant}`);
  return Math.max(...reached);
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  const schema = `bench_scale_${randomBytes(4).toString('hex')}`;
  const replicas: Replica[] = [];
  try {
    process.stderr.write('starting the embedded gateway and three replicas on PostgreSQL + Redis...\n');
    const embedded = await startReplica({}, ENV);
    replicas.push(embedded);
    const distributed = { store: PG_URL, stores: { schema }, cache: { url: REDIS_URL, key_prefix: `warden-bench:${schema}:` } };
    replicas.push(await startReplica(distributed, ENV));
    replicas.push(...(await Promise.all([1, 2].map(() => startReplica(distributed, ENV)))));
    const urls = replicas.slice(1).map((r) => r.url);
    const [d1] = urls as [string, string, string];

    const embKey = await newKey(embedded.url, 'bench');
    const distKey = await newKey(d1, 'bench');
    const limited = await newKey(d1, 'bench-limited', { requests_per_minute: LIMIT });

    const emb = await throughput([embedded.url], embKey.key);
    const dist = [];
    for (const n of [1, 2, 3]) dist.push(await throughput(urls.slice(0, n), distKey.key));
    // After the throughput runs, so both processes are warm (JIT, connection pools).
    const embLat = await latency(embedded.url, embKey.key);
    const distLat = await latency(d1, distKey.key);

    // Over-admission: RACERS requests at once across the three replicas against one key limited to LIMIT per minute.
    const t0 = performance.now();
    const statuses = await Promise.all(Array.from({ length: RACERS }, (_, i) => chat(urls[i % 3] as string, limited.key)));
    const raceMs = performance.now() - t0;
    const admitted = statuses.filter((s) => s === 200).length;
    // The rate refills one request per 60 s / LIMIT: those are allowed, anything more is over-admission.
    const allowed = LIMIT + Math.floor(raceMs / (60_000 / LIMIT));
    const overAdmitted = Math.max(0, admitted - allowed);

    const killRuns: number[] = [];
    for (let i = 0; i < 5; i++) killRuns.push(await killSwitchMs(urls[i % 3] as string, urls.filter((_, j) => j !== i % 3), 'bench', distKey.key));
    const killMs = percentile(killRuns, 50);

    const rows = [
      ['embedded (SQLite, 1 process)', 1, round(emb.rps), '1.00', round(embLat.p50, 2), round(embLat.p99, 2)],
      ...dist.map((d, i) => [`PostgreSQL + Redis`, i + 1, round(d.rps), (d.rps / emb.rps).toFixed(2), i === 0 ? round(distLat.p50, 2) : '', i === 0 ? round(distLat.p99, 2) : '']),
    ];
    process.stdout.write(`\nThroughput (${CONCURRENCY} concurrent clients, ${DURATION_MS / 1000} s, demo upstream, ${CORES} cores shared by clients and replicas)\n`);
    process.stdout.write(`${renderTable(['backend', 'replicas', 'req/s', 'vs embedded', 'p50 ms (1 client)', 'p99 ms (1 client)'], rows)}\n`);
    process.stdout.write(`added latency of the distributed backends (p50, one client): ${round(distLat.p50 - embLat.p50, 2)} ms\n`);
    process.stdout.write(`speedup 3 replicas vs 1: ${(dist[2]!.rps / dist[0]!.rps).toFixed(2)}x; 2 vs 1: ${(dist[1]!.rps / dist[0]!.rps).toFixed(2)}x\n`);
    process.stdout.write(`shared limit ${LIMIT}/min, ${RACERS} concurrent requests over 3 replicas in ${round(raceMs)} ms: admitted ${admitted} (allowed ${allowed}), over-admitted ${overAdmitted}\n`);
    process.stdout.write(`kill switch set on one replica, refused by the other two after (5 runs): ${killRuns.map((m) => round(m)).join(', ')} ms; median ${round(killMs)} ms\n`);
    process.stdout.write(
      `${JSON.stringify({
        replicas: 3,
        over_admitted: overAdmitted,
        kill_switch_ms: round(killMs),
        speedup_3x: round(dist[2]!.rps / dist[0]!.rps, 2),
        distributed_vs_embedded: round(dist[0]!.rps / emb.rps, 2),
        rps: { embedded: round(emb.rps), distributed: dist.map((d) => round(d.rps)) },
        added_latency_p50_ms: round(distLat.p50 - embLat.p50, 2),
        admitted,
        allowed,
        errors: dist.reduce((a, d) => a + d.errors, emb.errors),
        cores: CORES,
      })}\n`,
    );
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

await main();
