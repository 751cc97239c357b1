/** The in-process ApprovalEvents: one EventEmitter, enough for one gateway process or one library user. */
import { EventEmitter } from 'node:events';
import type { ApprovalEvents } from '../spec/approvals.js';

export function createLocalApprovalEvents(): ApprovalEvents {
  const emitter = new EventEmitter();
  // One listener per waiting caller on the same id; many waiters are normal, not a leak.
  emitter.setMaxListeners(0);
  return {
    publish(id) {
      emitter.emit(id);
    },
    subscribe(id, listener) {
      emitter.on(id, listener);
      return () => emitter.off(id, listener);
    },
  };
}
