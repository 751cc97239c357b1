/**
 * CPU per request of the gateway children, narrower than bench/gateway.ts: saturated non-streaming 1 KB chat
 * (16 connections, a different prompt on every request) against each target in turn, and the target process's
 * own CPU time (every thread: the audit thread's redaction and SQLite work count) per request, read after the
 * audit backlog has drained. CPU time moves far less with other load on the host than throughput does, so two
 * commits can be compared on a busy machine when run back to back (A B A B).
 * Run (after `npm run build`): npx tsx bench/gateway-cpu.ts
 *   BENCH_TARGETS=warden,warden-no-detectors,warden-no-redaction,bare+scan,bare (default: the first four)
 *   BENCH_REQUESTS=3000 BENCH_WARMUP=1000 BENCH_ROUNDS=2; BENCH_PROF=DIR writes CPU profiles of the Warden children.
 * Prints one line per target and round; the last line is JSON (CPU ms per request, per target, per round).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { KEY, spawnChild, type Child, type Role } from './lib/children.js';
import { promptText } from './lib/text.js';

const N = Number(process.env.BENCH_REQUESTS ?? 3000);
const WARM = Number(process.env.BENCH_WARMUP ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = 16;
/** Long enough for the audit thread to store what the run left queued: its CPU belongs to the run. */
const DRAIN_MS = 800;
const TARGETS = (process.env.BENCH_TARGETS ?? 'warden,warden-no-detectors,warden-no-redaction,bare+scan').split(',');
let seed = 1_000_000;

async function drive(url: string, n: number): Promise<{ ms: number; blocked: number }> {
  const pool = new Pool(url, { connections: CONNECTIONS });
  let left = n;
  let blocked = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (left-- > 0) {
        const body = JSON.stringify({ model: 'bench', stream: false, messages: [{ role: 'user', content: promptText(1024, ++seed) }] });
        const r = await pool.request({ path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body });
        const text = await r.body.text();
        // The generated prompts are benign: a 400 is a false positive of the policy, counted, not a failure.
        if (r.statusCode === 400) blocked++;
        else if (r.statusCode !== 200) throw new Error(`${url}: status ${r.statusCode}: ${text}`);
      }
    }),
  );
  const ms = performance.now() - t0;
  await pool.close();
  return { ms, blocked };
}

const provider = await spawnChild('provider', { role: 'provider', chunkDelayMs: 0 });
const roles: Record<string, Role> = {
  bare: { role: 'bare', upstream: provider.url },
  'bare+scan': { role: 'bare-scan', upstream: provider.url },
  'warden-no-detectors': { role: 'warden', upstream: provider.url, holdback: 512, detectors: false },
  'warden-no-redaction': { role: 'warden', upstream: provider.url, holdback: 512, detectors: true, redactAtRest: false },
  warden: { role: 'warden', upstream: provider.url, holdback: 512, detectors: true },
};
const children: [string, Child][] = [];
for (const name of TARGETS) {
  const role = roles[name];
  if (role === undefined) throw new Error(`unknown target ${name} (known: ${Object.keys(roles).join(', ')})`);
  // spawnChild profiles the children named 'warden' when BENCH_PROF is set.
  children.push([name, await spawnChild(role.role === 'warden' ? 'warden' : name, role)]);
}
const cpuMsPerReq: Record<string, number[]> = {};
const loadAtStart = loadavg()[0] ?? 0;
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, child] of children) {
    await drive(child.url, WARM);
    await new Promise((r) => setTimeout(r, DRAIN_MS));
    const before = await child.stats();
    const run = await drive(child.url, N);
    await new Promise((r) => setTimeout(r, DRAIN_MS));
    const after = await child.stats();
    const cpu = (after.cpuMs - before.cpuMs) / N;
    (cpuMsPerReq[name] ??= []).push(Math.round(cpu * 1000) / 1000);
    console.log(
      `${name} round ${round}: ${cpu.toFixed(3)} CPU ms/req, main loop ${((after.loopMs - before.loopMs) / N).toFixed(3)} ms/req, ${Math.round((N / run.ms) * 1000)} req/s, ${run.blocked} blocked`,
    );
  }
}
console.log(JSON.stringify({ cpu_ms_per_req: cpuMsPerReq, requests: N, load_avg_at_start: loadAtStart, load_avg_at_end: loadavg()[0] ?? 0 }));
for (const [, child] of children) await child.stop();
await provider.stop();
