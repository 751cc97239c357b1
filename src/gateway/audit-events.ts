/**
 * Audit records as they are written, for watchers in this process (the dashboard's live feed): the gateway's
 * recorder writes through `tapAudit(store).store`, and each stored record is handed to every subscriber.
 */
import type { AuditRecord, AuditStore } from '../spec/gateway.js';
import { withAppend } from '../audit/rule-pack-stamp.js';

export interface AuditEvents {
  /** Calls `fn` with each record once it is stored; returns the unsubscribe function. */
  subscribe(fn: (rec: AuditRecord) => void): () => void;
}

export function tapAudit(store: AuditStore, onError: (err: unknown) => void): { store: AuditStore; events: AuditEvents } {
  const watchers = new Set<(rec: AuditRecord) => void>();
  const tapped = withAppend(store, async (entry) => {
    const rec = await store.append(entry);
    for (const fn of watchers) {
      // A watcher's failure must never fail the write or reach the request that made it.
      try {
        fn(rec);
      } catch (err) {
        onError(err);
      }
    }
    return rec;
  });
  return {
    store: tapped,
    events: {
      subscribe(fn) {
        watchers.add(fn);
        return () => watchers.delete(fn);
      },
    },
  };
}
