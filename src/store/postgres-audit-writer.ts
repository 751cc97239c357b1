/**
 * The one writer of a process's audit appends to PostgreSQL: batches them (all that arrive within an event-loop
 * turn, up to MAX_BATCH), commits one batch at a time, and when PostgreSQL is unavailable writes them to the
 * local spool instead. While anything is spooled, new records go behind it into the spool, and the spool drains
 * oldest first once PostgreSQL answers again, so the chain keeps the order records were made in. An append
 * resolves when its record is chained (spooled ones when drained).
 */
import type { AuditRecord } from '../spec/gateway.js';
import { parseEntry } from './audit-columns.js';
import type { AuditSpool } from './audit-spool.js';
import type { ChainItem } from './postgres-audit-chain.js';
import { isUnavailable } from './postgres-connect.js';

const MAX_BATCH = 500;

interface Waiter {
  resolve: (r: AuditRecord) => void;
  reject: (e: unknown) => void;
}

interface Queued extends ChainItem, Waiter {}

export interface AuditWriterDeps {
  commit(items: readonly ChainItem[]): Promise<AuditRecord[]>;
  /** Without a spool an unavailable database fails the appends (the CLI). */
  spool?: AuditSpool;
  /** How long to wait before trying PostgreSQL again after it failed. */
  retryMs: number;
  warn(message: string): void;
}

export interface AuditWriter {
  add(item: ChainItem): Promise<AuditRecord>;
  /** Resolves once everything added before it is chained or spooled. */
  settle(): Promise<void>;
  /** True while records wait in the spool. */
  spooling(): boolean;
  /** Writes what it can; records still spooled stay on disk for the next start, and their appends reject. */
  close(): Promise<void>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createAuditWriter(deps: AuditWriterDeps): AuditWriter {
  const { spool } = deps;
  const queue: Queued[] = [];
  /** Waiters of spooled records by the id written on their line (records spooled by an earlier run have none). */
  const spooled = new Map<string, Waiter>();
  const idPrefix = `${process.pid.toString(36)}-${Date.now().toString(36)}-`;
  let nextId = 0;
  let up = true;
  let loop: Promise<void> | undefined;
  let scheduled: NodeJS.Immediate | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const down = (err: unknown) => {
    if (up) deps.warn(`PostgreSQL unavailable (${message(err)}): audit records are spooled to ${spool?.path} until it returns`);
    up = false;
    if (retry === undefined && !closed) {
      retry = setTimeout(() => {
        retry = undefined;
        up = true;
        void pump();
      }, deps.retryMs);
      retry.unref();
    }
  };
  const toSpool = (items: Queued[]) => {
    if (spool === undefined) return;
    const lines = items.map((it) => {
      const id = idPrefix + String(nextId++);
      spooled.set(id, it);
      return JSON.stringify([id, it.body]);
    });
    spool.write(lines);
  };
  const drainStep = async (s: AuditSpool): Promise<boolean> => {
    const batch = s.peek(MAX_BATCH);
    const lines = batch.lines.map((l) => JSON.parse(l) as [string, string]);
    const records = await deps.commit(lines.map(([, body]) => ({ entry: parseEntry(body), body })));
    s.commit(batch);
    lines.forEach(([id], i) => {
      const w = spooled.get(id);
      spooled.delete(id);
      w?.resolve(records[i] as AuditRecord);
    });
    if (!s.pending()) deps.warn(`PostgreSQL reachable again: audit spool ${s.path} drained`);
    return true;
  };
  const step = async (): Promise<boolean> => {
    if (spool?.pending()) {
      if (queue.length > 0) toSpool(queue.splice(0));
      return up ? drainStep(spool) : false;
    }
    if (queue.length === 0) return false;
    const batch = queue.splice(0, MAX_BATCH);
    try {
      const records = await deps.commit(batch);
      batch.forEach((it, i) => it.resolve(records[i] as AuditRecord));
    } catch (err) {
      if (spool === undefined || !isUnavailable(err)) {
        for (const it of batch) it.reject(err);
        return true;
      }
      toSpool(batch);
      throw err;
    }
    return true;
  };
  const run = async () => {
    for (;;) {
      try {
        if (!(await step())) return;
      } catch (err) {
        // Unavailable (the batch is spooled) or a drain that failed: try again after retryMs.
        if (!isUnavailable(err)) deps.warn(`audit spool not drained yet: ${message(err)}`);
        down(err);
        return;
      }
    }
  };
  const pump = (): Promise<void> => {
    if (scheduled !== undefined) clearImmediate(scheduled);
    scheduled = undefined;
    loop ??= run().finally(() => {
      loop = undefined;
    });
    return loop;
  };

  /** A loop already finishing may not see the newest adds: pump until the queue is chained, spooled or failed. */
  const settle = async () => {
    await pump();
    while (queue.length > 0) await pump();
  };

  return {
    add(item) {
      if (closed) return Promise.reject(new Error('audit store is closed'));
      return new Promise<AuditRecord>((resolve, reject) => {
        queue.push({ entry: item.entry, body: item.body, resolve, reject });
        if (queue.length >= MAX_BATCH) void pump();
        else scheduled ??= setImmediate(() => void pump());
      });
    },
    settle,
    spooling: () => spool?.pending() === true,
    async close() {
      closed = true;
      await settle();
      if (retry !== undefined) clearTimeout(retry);
      retry = undefined;
      const left = new Error(`audit record spooled to ${spool?.path}: it is written to PostgreSQL when the gateway next starts with the database reachable`);
      for (const w of spooled.values()) w.reject(left);
      spooled.clear();
      spool?.close();
    },
  };
}
