/** Micro-benchmark timing with process.hrtime.bigint: warm-up, then samples until an iteration or time cap. */
import { percentile } from '../../src/cli/eval/metrics.js';

export interface Timing {
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
  iterations: number;
}

export interface TimingOptions {
  warmupMs?: number;
  maxIterations?: number;
  maxMs?: number;
  minIterations?: number;
}

export function time(fn: () => unknown, opts: TimingOptions = {}): Timing {
  const { warmupMs = 150, maxIterations = 5000, maxMs = 1500, minIterations = 20 } = opts;
  const warmEnd = performance.now() + warmupMs;
  while (performance.now() < warmEnd) fn();
  const samples: number[] = [];
  const end = performance.now() + maxMs;
  while (samples.length < maxIterations && (samples.length < minIterations || performance.now() < end)) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { p50_ms: percentile(samples, 50), p99_ms: percentile(samples, 99), mean_ms: mean, iterations: samples.length };
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
