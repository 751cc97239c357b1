/**
 * The child processes of bench/gateway.ts: the fake provider, the bare proxy and the Warden gateway each serve
 * from a process of their own (this file run with `--child ROLE`), so they do not share an event loop with the
 * load generator or each other. The parent probes a child's memory and CPU over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ChatMessage } from '../../src/spec/types.js';
import { bareProxy, fakeProvider, listen, scanningProxy } from './upstreams.js';

/** CPU time (user + system, this process) spent inside the policy scans so far, in microseconds. */
const scanCpu = { inputUs: 0, outputUs: 0 };

/** The scan methods the chat routes and the floor call, and which side each one's CPU counts for. */
const METERED = { scanInput: 'inputUs', scanInputAsync: 'inputUs', scanOutput: 'outputUs', scanOutputAsync: 'outputUs' } as const;

/**
 * One scan call in METER_EVERY is timed and counts METER_EVERY times. process.cpuUsage (getrusage) sums every
 * thread of the process, and with the audit thread busy one call cost the gateway ~75 us (a CPU profile put 17 %
 * of its main thread there when every scan was timed), far more than in the floor, which has no busy thread:
 * timing every scan charged that to Warden's throughput and CPU rows. One in 16 still cost ~40 us per request
 * in a loaded profile (session 14), so one in 64. A different prompt on every request, so a sample is as good
 * as the whole.
 */
const METER_EVERY = 64;

/**
 * Wraps a Warden's input and output scans to add the CPU time of sampled calls to scanCpu: two getrusage calls per
 * timed scan, the same in the gateway and the scanning floor. An async scan is timed until it returns its promise,
 * which is the whole scan when the policy has no async guards (the default policy has none). The figure includes
 * other threads' CPU in that window (the gateway's audit thread), so it is an upper bound.
 */
function meterScans<W extends object>(w: W): W {
  const target = w as Record<string, unknown>;
  for (const [name, side] of Object.entries(METERED)) {
    const scan = target[name];
    if (typeof scan !== 'function') continue;
    let calls = 0;
    target[name] = (...args: unknown[]) => {
      if (calls++ % METER_EVERY !== 0) return (scan as (...a: unknown[]) => unknown).apply(w, args);
      const start = process.cpuUsage();
      try {
        return (scan as (...a: unknown[]) => unknown).apply(w, args);
      } finally {
        const used = process.cpuUsage(start);
        scanCpu[side] += (used.user + used.system) * METER_EVERY;
      }
    };
  }
  return w;
}

/** The client key every benchmark request carries (the gateway children run in open mode with it). */
export const KEY = 'wk-bench-0123456789';

/**
 * The gateway children run the shipped build (dist/, as `npm start` does; `npm run bench:gateway` builds it
 * first), not sources transpiled by tsx, whose keepNames wrappers cost a little on every closure created.
 */
type GatewayModules = [
  typeof import('../../src/gateway/config.js'),
  typeof import('../../src/gateway/server.js'),
  typeof import('../../src/gateway/backends/index.js'),
  typeof import('../../src/detectors/index.js'),
  typeof import('../../src/warden.js'),
];
async function shipped(): Promise<GatewayModules> {
  const dist = (path: string) => import(new URL(`../../dist/${path}`, import.meta.url).href);
  try {
    return (await Promise.all([dist('gateway/config.js'), dist('gateway/server.js'), dist('gateway/backends/index.js'), dist('detectors/index.js'), dist('warden.js')])) as GatewayModules;
  } catch (err) {
    throw new Error(`bench:gateway runs the built gateway: run \`npm run build\` first (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
}

async function warden(upstream: string, holdback: number, detectors: boolean, redactAtRest: boolean): Promise<{ url: string; close(): Promise<void> }> {
  const [{ gatewayConfigFromObject }, { buildGateway, closeGracefully }, { openGatewayServices }, { BUILTIN_DETECTORS }, { createWarden }] = await shipped();
  // Every detector off: what the gateway itself costs (auth, audit, parsing, proxying) without the policy scans.
  const policy = detectors ? {} : { detectors: Object.fromEntries(BUILTIN_DETECTORS.map((d) => [d.id, { enabled: false }])) };
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-bench-'));
  const loaded = gatewayConfigFromObject({
    extends: 'default',
    ...policy,
    gateway: {
      // Logging as shipped (info); the child's stdout goes to /dev/null.
      log_level: 'info',
      upstreams: { fake: { type: 'openai-compatible', base_url: `${upstream}/v1`, stream_usage: false } },
      models: { bench: { upstream: 'fake', model: 'bench' } },
      stream: { holdback_chars: holdback },
      body_limit_bytes: 4 * 1024 * 1024,
      audit: { redact_at_rest: redactAtRest },
    },
  });
  const services = await openGatewayServices(loaded.gateway, { dataDir, openMode: { apiKey: KEY } });
  const app = await buildGateway({ config: loaded.gateway, warden: meterScans(createWarden(loaded.policy)), services });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    close: async () => {
      await closeGracefully(app, 2_000);
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The bare proxy plus the default policy's input and output scans, from the shipped build. */
async function scanFloor(upstream: string): Promise<FastifyInstance> {
  const [, , , , { createWarden }] = await shipped();
  const w = meterScans(createWarden());
  return scanningProxy(upstream, {
    input: (messages) => w.scanInput(messages as ChatMessage[]).action !== 'block',
    output: (text) => {
      const r = w.scanOutput(text);
      return r.action === 'block' ? '[blocked]' : r.text;
    },
  });
}

export type Role =
  | { role: 'provider'; chunkDelayMs: number }
  | { role: 'bare'; upstream: string }
  | { role: 'bare-scan'; upstream: string }
  /** redactAtRest: the audit's redaction at rest (default on, as shipped); bench/gateway-cpu.ts measures it off too. */
  | { role: 'warden'; upstream: string; holdback: number; detectors: boolean; redactAtRest?: boolean };
type ChildMessage = { type: 'ready'; url: string } | ({ type: 'stats' } & ChildStats);
/** Memory after a full GC, and CPU time (user + system) used so far, in ms. */
export interface ChildStats {
  rss: number;
  heap: number;
  cpuMs: number;
  /** Time the main thread's event loop was busy so far, in ms (CPU time above also counts worker threads). */
  loopMs: number;
  /** Longest event-loop stall since the previous probe, ms (a stall delays every request in flight). */
  loopMaxMs: number;
  /** CPU time inside the input and output policy scans so far, ms (Warden and bare+scan children; 0 elsewhere). */
  inputScanMs: number;
  outputScanMs: number;
}

/** Child side: serve one role, report the URL, answer memory probes (after a full GC) and shut down on request. */
async function runChild(role: Role): Promise<void> {
  const send = (m: ChildMessage) => process.send?.(m);
  let close: () => Promise<void>;
  let url: string;
  if (role.role === 'provider') {
    const server = createServer((req, res) => void fakeProvider(req, res, role.chunkDelayMs));
    url = await listen(server);
    close = async () => void server.close();
  } else if (role.role === 'bare' || role.role === 'bare-scan') {
    const app = await (role.role === 'bare' ? bareProxy(role.upstream) : scanFloor(role.upstream));
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    close = () => app.close();
  } else {
    const w = await warden(role.upstream, role.holdback, role.detectors, role.redactAtRest ?? true);
    url = w.url;
    close = w.close;
  }
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stats') {
      const loopMaxMs = loop.max / 1e6;
      loop.reset();
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      // Read after the forced GC so probes do not charge their own collections to the measured interval.
      const cpu = process.cpuUsage();
      const mem = process.memoryUsage();
      send({
        type: 'stats',
        rss: mem.rss,
        heap: mem.heapUsed,
        cpuMs: (cpu.user + cpu.system) / 1000,
        loopMs: performance.eventLoopUtilization().active,
        loopMaxMs,
        inputScanMs: scanCpu.inputUs / 1000,
        outputScanMs: scanCpu.outputUs / 1000,
      });
    } else if (m.type === 'stop') {
      void close().finally(() => process.exit(0));
    }
  });
  send({ type: 'ready', url });
}

export interface Child {
  url: string;
  proc: ChildProcess;
  stats(): Promise<ChildStats>;
  stop(): Promise<void>;
}

const SELF = fileURLToPath(import.meta.url);

export async function spawnChild(name: string, role: Role): Promise<Child> {
  const prof = process.env.BENCH_PROF;
  const execArgv = ['--import', 'tsx', '--expose-gc', ...(prof && name === 'warden' ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])];
  const proc = fork(SELF, ['--child', JSON.stringify(role)], { execArgv, stdio: ['ignore', role.role === 'warden' ? 'ignore' : 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`bench child ${name} exited with code ${code} before it was ready`)));
    proc.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') resolve(m.url);
    });
  });
  proc.removeAllListeners('exit');
  return {
    url,
    proc,
    stats: () =>
      new Promise((resolve) => {
        const on = (m: ChildMessage) => {
          if (m.type !== 'stats') return;
          proc.off('message', on);
          resolve(m);
        };
        proc.on('message', on);
        proc.send({ type: 'stats' });
      }),
    stop: () =>
      new Promise((resolve) => {
        proc.once('exit', () => resolve());
        proc.send({ type: 'stop' });
      }),
  };
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) await runChild(JSON.parse(process.argv[childAt + 1] ?? '{}') as Role);
