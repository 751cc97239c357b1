/**
 * Gateway overhead: autocannon (in this process) against a local fake provider reached four ways — directly,
 * through a bare fastify+undici pass-through proxy, through Warden with every detector off (the gateway's own
 * cost), and through Warden with the default policy — for non-streaming and streaming chat with 1 KB and 8 KB
 * prompts, plus, for non-streaming chat, a fifth: the bare proxy running the default policy's input and output
 * scans and nothing else (bare+scan), the floor under any gateway that scans both ways. Each throughput row also
 * reports the host's CPU per request (every process), from which the JSON's all-cores ceilings follow. Then steady
 * open-loop 500 req/s runs (three rounds for 1 KB prompts, medians reported), streaming time to first token, and a
 * 100k-request soak measuring the gateway process's RSS growth. The provider, the proxy and each
 * gateway run in their own child process (bench/lib/children.ts), so they do not share an event loop with autocannon
 * or each other.
 * Prints tables; the last line is JSON.
 * Run: npm run bench:gateway   (BENCH_QUICK=1 for a short run; BENCH_PROF=DIR writes a CPU profile of the gateway child)
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { percentile } from '../src/cli/eval/metrics.js';
import { renderTable, type Cell } from '../src/cli/eval/table.js';
import { paced, type Paced, type PacedSummary } from './lib/paced.js';
import { KEY, spawnChild, type Child, type Role } from './lib/children.js';
import { STREAM_CHUNKS } from './lib/upstreams.js';
import { CORES, hostBusyMs } from './lib/host.js';
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
  /** setupRequest runs before each request: here it gives each one a fresh body. */
  requests: { setupRequest: (req: Record<string, unknown>) => Record<string, unknown> }[];
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
const RATE = 500;
const PACED_SECONDS = QUICK ? 3 : 10;
const PACED_ROUNDS = QUICK ? 1 : 3;
const TTFT_CHUNK_DELAY_MS = 2;
/** Runs that had a few non-2xx answers, reported with the results. */
const failures: string[] = [];
/** Requests answered, and how many of them the policy blocked (bench text is benign: false positives). */
let answered = 0;
let blockedAnswers = 0;

/**
 * Bodies for one kind of request. Every request of the whole run gets a prompt no other request had (one seed
 * counter for all kinds), so Warden's message cache, which answers a repeated message from memory, never hits.
 */
type Payload = () => string;
let seed = 0;

function payload(bytes: number, stream: boolean): Payload {
  return () => JSON.stringify({ model: 'bench', stream, messages: [{ role: 'user', content: promptText(bytes, ++seed) }] });
}

async function cannon(base: string, body: Payload, extra: Partial<CannonOptions> = {}): Promise<CannonResult> {
  const r = await autocannon({
    url: `${base}/v1/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
    connections: CONNECTIONS,
    ...(extra.amount === undefined ? { duration: DURATION } : {}),
    ...extra,
  });
  // The generated prompts are benign, so a 400 (the policy's input block) is a false positive on them: counted and
  // reported (benign_blocked_share_all_runs: over every run, bare ones included), not a failure. Anything else non-2xx (a scan past the latency budget fails
  // closed as an error) is tolerated up to 1 %.
  const blocked = r.statusCodeStats['400']?.count ?? 0;
  blockedAnswers += blocked;
  answered += r.requests.total;
  const bad = r.non2xx - blocked + r.errors;
  if (bad + blocked > 0) failures.push(`${base}: ${r.non2xx} non-2xx ${JSON.stringify(r.statusCodeStats)}, ${r.errors} errors of ${r.requests.total}`);
  if (bad > Math.max(5, r.requests.total / 100)) throw new Error(`benchmark run against ${base} failed: ${failures.at(-1)}`);
  return r;
}

/** Median time to the first content delta over sequential streaming requests. */
async function ttft(base: string, n: number): Promise<number> {
  const times: number[] = [];
  const ttftBody = payload(1024, true);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await request(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: ttftBody(),
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

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

async function pacedRun(base: string, body: Payload, seconds: number): Promise<Paced> {
  const r = await paced(base, '/v1/chat/completions', { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body, RATE, seconds);
  if (r.errors > 0) failures.push(`${base}: ${r.errors} failed of ${Math.round(RATE * seconds)} paced requests`);
  return r;
}

/** Hold-back sizes measured for time to first token; the first is the shipped default (gateway.stream.holdback_chars). */
const TTFT_HOLDBACKS = [256, 128, 512];

async function main(): Promise<void> {
  const load = loadavg()[0] ?? 0;
  const children: Child[] = [];
  const start = async (name: string, role: Role) => {
    const c = await spawnChild(name, role);
    children.push(c);
    return c;
  };
  const provider = await start('provider', { role: 'provider', chunkDelayMs: 0 });
  const bare = await start('bare', { role: 'bare', upstream: provider.url });
  const floor = await start('bare+scan', { role: 'bare-scan', upstream: provider.url });
  const plumbing = await start('warden-no-detectors', { role: 'warden', upstream: provider.url, holdback: 512, detectors: false });
  const w = await start('warden', { role: 'warden', upstream: provider.url, holdback: 512, detectors: true });
  const targets = { direct: provider.url, bare: bare.url, 'warden-no-detectors': plumbing.url, warden: w.url };
  /** The scanning floor (bare proxy + input and output scans) has no streaming route: it joins the JSON rows only. */
  const jsonTargets = { ...targets, 'bare+scan': floor.url };
  /** The process serving each target: its CPU time per request is the cost of that hop, immune to other load on the host. */
  const serving: Record<string, Child> = { direct: provider, bare, 'bare+scan': floor, 'warden-no-detectors': plumbing, warden: w };

  const rows: Cell[][] = [];
  const summary: Record<string, { rps: number; p50: number; p99: number; cpuMs: number; loopMs: number; hostMs: number | null; inputScanMs: number; outputScanMs: number }> = {};
  for (const stream of [false, true]) {
    for (const bytes of [1024, 8192]) {
      const body = payload(bytes, stream);
      for (const [name, base] of Object.entries(stream ? targets : jsonTargets)) {
        await cannon(base, body, { duration: QUICK ? 1 : 3 });
        const cpu0 = await serving[name]?.stats();
        const host0 = hostBusyMs();
        const r = await cannon(base, body);
        const host1 = hostBusyMs();
        const cpu1 = await serving[name]?.stats();
        const cpuMs = cpu0 && cpu1 ? (cpu1.cpuMs - cpu0.cpuMs) / r.requests.total : 0;
        const loopMs = cpu0 && cpu1 ? (cpu1.loopMs - cpu0.loopMs) / r.requests.total : 0;
        const inputScanMs = cpu0 && cpu1 ? (cpu1.inputScanMs - cpu0.inputScanMs) / r.requests.total : 0;
        const outputScanMs = cpu0 && cpu1 ? (cpu1.outputScanMs - cpu0.outputScanMs) / r.requests.total : 0;
        // Everything the host ran per request: load generator, provider, proxy and whatever else was running.
        const hostMs = host0 !== undefined && host1 !== undefined ? (host1 - host0) / r.requests.total : null;
        const key = `${name}/${stream ? 'stream' : 'json'}/${bytes}`;
        summary[key] = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuMs, loopMs, hostMs, inputScanMs, outputScanMs };
        const direct = summary[`direct/${stream ? 'stream' : 'json'}/${bytes}`];
        rows.push([stream ? 'stream' : 'json', `${bytes / 1024} KB`, name, round(r.requests.average, 0), r.latency.p50, r.latency.p99, direct ? round(r.latency.p50 - direct.p50) : null, direct ? round(r.latency.p99 - direct.p99) : null, round(cpuMs, 3), round(loopMs, 3), hostMs === null ? null : round(hostMs, 3), round(inputScanMs, 3), round(outputScanMs, 3)]);
      }
    }
  }
  console.log(
    renderTable(['mode', 'prompt', 'target', 'req/s', 'p50 ms', 'p99 ms', '+p50 ms', '+p99 ms', 'CPU ms/req', 'loop ms/req', 'host CPU ms/req', 'input scan ms/req', 'output scan ms/req'], rows, {
      title: `Throughput, ${CONNECTIONS} connections, ${DURATION}s each (host CPU: all processes, ${CORES} cores; scan columns: CPU inside scanInput / scanOutput)`,
    }),
  );

  // Several rounds for the headline prompt size, each round running every target once in turn: one 10 s window
  // moves by several ms of p99 with the host's other work, so each figure is the median over rounds of
  // (target - direct) within a round, and every round's p99 is printed.
  const fixed: Cell[][] = [];
  const fixedBy: Record<string, PacedSummary> = {};
  for (const bytes of [1024, 8192]) {
    const rounds: Record<string, Paced>[] = [];
    for (let round = 0; round < (bytes === 1024 ? PACED_ROUNDS : 1); round++) {
      const runs: Record<string, Paced> = {};
      for (const [name, base] of Object.entries(jsonTargets)) {
        await pacedRun(base, payload(bytes, false), 1);
        const before = await serving[name]?.stats();
        const r = await pacedRun(base, payload(bytes, false), PACED_SECONDS);
        const after = await serving[name]?.stats();
        // At a steady rate a request finds caches cold (the host ran other work in between): it costs more than saturated.
        r.cpuMs = before && after ? (after.cpuMs - before.cpuMs) / (RATE * PACED_SECONDS) : 0;
        r.inputScanMs = before && after ? (after.inputScanMs - before.inputScanMs) / (RATE * PACED_SECONDS) : 0;
        r.outputScanMs = before && after ? (after.outputScanMs - before.outputScanMs) / (RATE * PACED_SECONDS) : 0;
        r.stallMs = after?.loopMaxMs ?? 0;
        runs[name] = r;
      }
      rounds.push(runs);
    }
    for (const name of Object.keys(jsonTargets)) {
      const of = (f: (r: Paced, d: Paced) => number) => percentile(rounds.map((runs) => f(runs[name] as Paced, runs.direct as Paced)), 50);
      const m: PacedSummary = {
        p50: of((r) => r.p50),
        p99: of((r) => r.p99),
        addedP50: of((r, d) => r.p50 - d.p50),
        addedP99: of((r, d) => r.p99 - d.p99),
        cpuMs: of((r) => r.cpuMs),
        inputScanMs: of((r) => r.inputScanMs),
        outputScanMs: of((r) => r.outputScanMs),
        rps: of((r) => r.rps),
        stallMs: of((r) => r.stallMs),
        p99s: rounds.map((runs) => (runs[name] as Paced).p99),
      };
      fixedBy[`${name}/${bytes}`] = m;
      fixed.push([`${bytes / 1024} KB`, name, round(m.rps, 0), round(m.p50), round(m.p99), round(m.addedP50), round(m.addedP99), m.p99s.map((v) => round(v, 1)).join(' '), round(m.stallMs, 1), round(m.cpuMs, 3), round(m.inputScanMs, 3), round(m.outputScanMs, 3)]);
    }
  }
  console.log(
    renderTable(['prompt', 'target', 'req/s', 'p50 ms', 'p99 ms', '+p50 ms', '+p99 ms', 'p99 per round', 'max stall ms', 'CPU ms/req', 'input scan ms/req', 'output scan ms/req'], fixed, {
      title: `Steady ${RATE} req/s, open loop, ${PACED_SECONDS}s per window, median of ${PACED_ROUNDS} rounds for 1 KB (non-streaming)`,
    }),
  );

  // Soak: the gateway child's memory over SOAK requests, measured after a warm-up and a full GC each side.
  const soakBody = payload(1024, false);
  await cannon(w.url, soakBody, { amount: Math.min(10_000, SOAK) });
  const before = await w.stats();
  const t0 = performance.now();
  await cannon(w.url, soakBody, { amount: SOAK });
  const soakSec = (performance.now() - t0) / 1000;
  const after = await w.stats();
  const growth = (after.rss - before.rss) / before.rss;
  const mb = (b: number) => round(b / 1048576, 1);
  console.log(
    `Soak: ${SOAK} requests in ${round(soakSec, 1)} s (${round(SOAK / soakSec, 0)} req/s); gateway process after GC: RSS ${mb(before.rss)} -> ${mb(after.rss)} MB (${round(growth * 100, 1)}%), ` +
      `heap ${mb(before.heap)} -> ${mb(after.heap)} MB`,
  );

  // Time to first token with a provider that streams 40 chunks 2 ms apart, for several hold-back sizes.
  const slow = await start('provider-slow', { role: 'provider', chunkDelayMs: TTFT_CHUNK_DELAY_MS });
  const n = QUICK ? 20 : 100;
  const ttftDirect = await ttft(slow.url, n);
  const ttftRows: Cell[][] = [['direct', round(ttftDirect), 0]];
  const ttftAdded: Record<number, number> = {};
  for (const holdback of TTFT_HOLDBACKS) {
    const g = await start(`warden-ttft-${holdback}`, { role: 'warden', upstream: slow.url, holdback, detectors: true });
    const t = await ttft(g.url, n);
    ttftAdded[holdback] = round(t - ttftDirect);
    ttftRows.push([`warden hold-back ${holdback}`, round(t), round(t - ttftDirect)]);
  }
  console.log(renderTable(['target', 'median TTFT ms', 'added ms'], ttftRows, { title: `Streaming time to first token (${STREAM_CHUNKS} chunks of ~16 chars, ${TTFT_CHUNK_DELAY_MS} ms apart)` }));

  if (failures.length > 0) console.log(`Non-2xx answers (400 = input blocked on benign bench text; other errors tolerated under 1%):\n  ${failures.join('\n  ')}`);
  await Promise.all(children.map((c) => c.stop()));

  const wj = summary['warden/json/1024'];
  const bj = summary['bare/json/1024'];
  const sj = summary['bare+scan/json/1024'];
  /** Throughput with every core busy at this host CPU per request, as a share of the bare proxy's measured rate. */
  const ceiling = (s: typeof wj) => (s?.hostMs && bj ? round((CORES * 1000) / s.hostMs / bj.rps, 3) : null);
  const f1 = fixedBy['warden/1024'];
  const d1 = fixedBy['direct/1024'];
  console.log(
    JSON.stringify({
      warden_vs_bare_throughput: wj && bj ? round(wj.rps / bj.rps, 3) : null,
      warden_vs_scan_floor_throughput: wj && sj ? round(wj.rps / sj.rps, 3) : null,
      scan_floor_vs_bare_throughput: sj && bj ? round(sj.rps / bj.rps, 3) : null,
      warden_vs_bare_all_cores_ceiling: ceiling(wj),
      scan_floor_vs_bare_all_cores_ceiling: ceiling(sj),
      added_p50_ms: f1 ? round(f1.addedP50) : null,
      added_p99_ms: f1 ? round(f1.addedP99) : null,
      added_p99_ms_per_round: f1 && d1 ? f1.p99s.map((v, i) => round(v - (d1.p99s[i] ?? 0))) : null,
      stream_ttft_added_ms: ttftAdded[TTFT_HOLDBACKS[0] as number] ?? null,
      soak_rss_growth: round(growth, 3),
      soak_requests: SOAK,
      benign_blocked_share_all_runs: answered > 0 ? round(blockedAnswers / answered, 4) : null,
      warden_cpu_ms_per_req: wj ? round(wj.cpuMs, 3) : null,
      bare_cpu_ms_per_req: bj ? round(bj.cpuMs, 3) : null,
      warden_loop_ms_per_req: wj ? round(wj.loopMs, 3) : null,
      paced_warden_cpu_ms_per_req: f1 ? round(f1.cpuMs, 3) : null,
      input_scan_cpu_ms_per_req: wj ? round(wj.inputScanMs, 3) : null,
      output_scan_cpu_ms_per_req: wj ? round(wj.outputScanMs, 3) : null,
      paced_input_scan_cpu_ms_per_req: f1 ? round(f1.inputScanMs, 3) : null,
      paced_output_scan_cpu_ms_per_req: f1 ? round(f1.outputScanMs, 3) : null,
      scan_floor_input_scan_cpu_ms_per_req: sj ? round(sj.inputScanMs, 3) : null,
      scan_floor_output_scan_cpu_ms_per_req: sj ? round(sj.outputScanMs, 3) : null,
      scan_floor_added_p50_ms: fixedBy['bare+scan/1024'] ? round((fixedBy['bare+scan/1024'] as PacedSummary).addedP50) : null,
      scan_floor_added_p99_ms: fixedBy['bare+scan/1024'] ? round((fixedBy['bare+scan/1024'] as PacedSummary).addedP99) : null,
      saturated_added_p50_ms: wj && summary['direct/json/1024'] ? round(wj.p50 - (summary['direct/json/1024']?.p50 ?? 0)) : null,
      load_avg_at_start: round(load),
      quick: QUICK,
    }),
  );
}

await main();
