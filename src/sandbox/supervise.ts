/** What both runners do around a child process: the wall timer, the caller's abort signal and the output budget. */
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { BoundedOutput } from './output.js';

export type Stop = 'sandbox_timeout' | 'sandbox_output_limit';

export interface Supervision {
  /** Why the run was stopped, if it was. */
  readonly stoppedBy: Stop | undefined;
  /** Clears the timer and the abort listener once the child has closed. */
  settle(): void;
}

/** Collects the child's stdout and stderr into `out` and calls `kill` on timeout, abort or an output overflow. */
export function supervise(child: ChildProcessByStdio<Writable, Readable, Readable>, out: BoundedOutput, wallTimeMs: number, kill: () => void, signal?: AbortSignal): Supervision {
  let stoppedBy: Stop | undefined;
  const stop = (why: Stop) => {
    stoppedBy ??= why;
    kill();
  };
  const timer = setTimeout(() => stop('sandbox_timeout'), wallTimeMs);
  const onAbort = () => stop('sandbox_timeout');
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  child.stdout.on('data', (b: Buffer) => out.write('stdout', b) || stop('sandbox_output_limit'));
  child.stderr.on('data', (b: Buffer) => out.write('stderr', b) || stop('sandbox_output_limit'));
  // Code that never reads its input closes the pipe early; that is not an error of the run.
  child.stdin.on('error', () => undefined);
  return {
    get stoppedBy() {
      return stoppedBy;
    },
    settle() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}
