/**
 * At most `max` sandboxed runs at once, the others waiting in arrival order: each run is a child process (a Node
 * process for the isolate), so a flood of tool calls must not become a flood of processes on the host.
 */
export interface RunQueue {
  /** Resolves with a release function once a slot is free, or with undefined if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<(() => void) | undefined>;
  readonly running: number;
  readonly waiting: number;
}

export function createRunQueue(max: number): RunQueue {
  let running = 0;
  const waiters: (() => void)[] = [];
  const release = () => {
    const next = waiters.shift();
    if (next) next();
    else running -= 1;
  };
  const once = () => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  };
  return {
    get running() {
      return running;
    },
    get waiting() {
      return waiters.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.resolve(undefined);
      if (running < max) {
        running += 1;
        return Promise.resolve(once());
      }
      return new Promise((resolve) => {
        // A released slot passes straight to the next waiter: `running` stays the same.
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(once());
        };
        const onAbort = () => {
          const i = waiters.indexOf(wake);
          if (i >= 0) waiters.splice(i, 1);
          resolve(undefined);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.push(wake);
      });
    },
  };
}
