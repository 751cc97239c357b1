/** Progress bar on stderr, shown only when stderr is a terminal so pipes and CI logs stay clean. */
import cliProgress from 'cli-progress';

export interface Progress {
  tick(): void;
  stop(): void;
}

const SILENT: Progress = { tick: () => undefined, stop: () => undefined };

export function startProgress(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total === 0) return SILENT;
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta}s`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let done = 0;
  return {
    tick: () => {
      done++;
      // Redrawing every line would dominate cheap scans; 1 in 16 keeps the bar smooth.
      if ((done & 15) === 0 || done === total) bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
