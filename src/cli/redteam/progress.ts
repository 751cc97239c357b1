/** The run's progress bar on stderr (terminals only): cases done, and how many succeeded, were blocked or failed. */
import cliProgress from 'cli-progress';
import type { CaseResult } from '../../redteam/types.js';

export interface RunProgress {
  done(r: CaseResult): void;
  stop(): void;
}

export function startRunProgress(total: number, label: string, already = 0, stream: NodeJS.WriteStream = process.stderr): RunProgress {
  if (!stream.isTTY || total === 0) return { done: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} [{bar}] {value}/{total} | succeeded {succeeded} | blocked {blocked} | errors {errors} | ETA {eta}s`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  const counts = { succeeded: 0, blocked: 0, errors: 0 };
  bar.start(total, already, counts);
  return {
    done: (r) => {
      if (r.verdict.outcome === 'succeeded') counts.succeeded++;
      else if (r.verdict.outcome === 'blocked') counts.blocked++;
      else if (r.verdict.outcome === 'error') counts.errors++;
      bar.increment(1, counts);
    },
    stop: () => bar.stop(),
  };
}
