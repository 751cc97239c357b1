/**
 * Cancels one request's upstream call when its client goes away or the output policy ends the stream.
 *
 * Not an AbortController: on Node 20 every AbortSignal gets hidden classes of its own (createAbortSignal sets
 * its prototype, then adds fields), and whatever its listeners reference then survives young-generation GCs
 * (see src/core/objects.ts). undici takes an EventEmitter with `aborted`/`reason` as a signal; a real
 * AbortSignal is made only for the APIs that need one (timers, events.once), the first time one is asked for.
 */
import { EventEmitter } from 'node:events';

export class UpstreamAbort extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  private controller: AbortController | undefined;

  abort(reason: unknown = new Error('the request was aborted')): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
    this.emit('abort');
  }

  /** A standard AbortSignal that follows this one. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }
}
