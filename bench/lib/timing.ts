/**
 * Micro-benchmark timing: warm-up, then samples until an iteration or time cap. Wall time comes from
 * process.hrtime.bigint; CPU time (process.cpuUsage, all threads, GC included) is recorded alongside
 * because on a shared host wall-time tails mostly measure preemption by other processes.
 */
import { percentile } from '../../src/cli/eval/metrics.js';

export interface Timing {
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
  cpu_p50_ms: number;
  cpu_p99_ms: number;
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
  const wall: number[] = [];
  const cpu: number[] = [];
  const end = performance.now() + maxMs;
  while (wall.length < maxIterations && (wall.length < minIterations || performance.now() < end)) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const mean = wall.reduce((a, b) => a + b, 0) / wall.length;
  return {
    p50_ms: percentile(wall, 50),
    p99_ms: percentile(wall, 99),
    mean_ms: mean,
    cpu_p50_ms: percentile(cpu, 50),
    cpu_p99_ms: percentile(cpu, 99),
    iterations: wall.length,
  };
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
