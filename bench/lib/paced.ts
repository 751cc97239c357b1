/**
 * Open-loop load at a steady rate (bench/gateway.ts): latency is timed from each request's scheduled start,
 * so a stalled server is charged for the queue it causes.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { percentile } from '../../src/cli/eval/metrics.js';

export interface Paced {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time of the serving process per request and its longest event-loop stall (filled in by the caller). */
  cpuMs: number;
  stallMs: number;
  /** CPU inside the input / output policy scans per request (filled in by the caller). */
  inputScanMs: number;
  outputScanMs: number;
}

/** One target's paced figures: medians over rounds, the added ones paired with direct's run of the same round. */
export interface PacedSummary {
  rps: number;
  p50: number;
  p99: number;
  addedP50: number;
  addedP99: number;
  cpuMs: number;
  stallMs: number;
  /** CPU inside the input / output policy scans per request (filled in by the caller). */
  inputScanMs: number;
  outputScanMs: number;
  p99s: number[];
}

/**
 * One request every 1/rate s, POST `path` with a fresh `body()`, at sub-millisecond resolution.
 * autocannon's `overallRate` is not used for this: it fires each second's quota as a burst and then waits
 * for the next second.
 */
export async function paced(base: string, path: string, headers: Record<string, string>, body: () => string, rate: number, seconds: number): Promise<Paced> {
  const pool = new Pool(base, { connections: 64, pipelining: 1 });
  const total = Math.round(rate * seconds);
  const gap = 1000 / rate;
  const latencies: number[] = [];
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const one = async (scheduled: number) => {
    try {
      const res = await pool.request({ path, method: 'POST', headers, body: body() });
      await res.body.dump();
      if (res.statusCode !== 200) errors++;
      latencies.push(performance.now() - scheduled);
    } catch {
      errors++;
    }
  };
  const t0 = performance.now() + 5;
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    while (sent < total && t0 + sent * gap <= now) inflight.push(one(t0 + sent++ * gap));
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + sent * gap - performance.now() - 0.5)));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - t0) / 1000;
  await pool.close();
  return { rps: total / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, cpuMs: 0, stallMs: 0, inputScanMs: 0, outputScanMs: 0 };
}
