/** Whole-host CPU time (every process, every core) from /proc/stat, for what a request costs the machine in all. */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Busy CPU time of the host so far, in ms, or undefined where /proc/stat is not there (not Linux). */
export function hostBusyMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  // First line: "cpu  user nice system idle iowait irq softirq steal guest guest_nice" in USER_HZ ticks (100 per
  // second on Linux); guest time is already counted in user and nice, so only the first eight are summed.
  const ticks = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const busy = ticks.reduce((a, b, i) => (i === 3 || i === 4 ? a : a + b), 0);
  return busy * 10;
}

export const CORES = availableParallelism();
