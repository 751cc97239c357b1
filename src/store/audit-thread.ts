/**
 * Worker-thread side of the threaded audit store (see audit-worker.ts): owns the audit database connection
 * and does the per-record work (redact-at-rest, canonical JSON, hash chain, SQLite insert) off the
 * gateway's event loop. Requests are answered in arrival order per kind, so a read sees every append sent
 * before it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditEntry, AuditRecord } from '../spec/gateway.js';
import { createSqliteAuditStore } from './sqlite-audit.js';
import { openFile } from './sqlite.js';
import type { AuditThreadData, ThreadReply, ThreadRequest } from './audit-protocol.js';

const port = parentPort;
if (port === null) throw new Error('audit-thread.ts must run in a worker thread');
const data = workerData as AuditThreadData;

/** Loaded only when configured: the detectors behind it take most of the worker's start-up time. */
async function atRestRedactor(): Promise<(e: AuditEntry) => AuditEntry> {
  const [{ createAtRestRedactor }, { createDetectorRedactor }] = await Promise.all([import('../audit/redact-at-rest.js'), import('../audit/detector-redactor.js')]);
  return createAtRestRedactor(createDetectorRedactor());
}

const store = createSqliteAuditStore(openFile(data.file), {
  hmacKey: data.hmacKey,
  redact: data.redactAtRest ? await atRestRedactor() : undefined,
  checkpoints: data.checkpoints,
  ownsDb: true,
});
const iterators = new Map<number, AsyncIterator<AuditRecord>>();

// Replies are posted once per event-loop turn: one message per batch instead of one per record.
const outbox: ThreadReply[] = [];
const send = (r: ThreadReply) => {
  if (outbox.length === 0) setImmediate(() => port.postMessage(outbox.splice(0)));
  outbox.push(r);
};
const fail = (id: number, err: unknown) => send({ id, ok: false, error: err instanceof Error ? err.message : String(err) });

async function handle(m: ThreadRequest): Promise<unknown> {
  switch (m.op) {
    case 'get':
      return store.get(m.requestId);
    case 'query':
      return store.query(m.query);
    case 'verify':
      return store.verify(m.expect);
    case 'head':
      return store.head();
    case 'prune':
      return store.prune(new Date(m.before));
    case 'iterOpen':
      iterators.set(m.id, store.iterate()[Symbol.asyncIterator]());
      return m.id;
    case 'iterNext': {
      const it = iterators.get(m.iter);
      if (!it) throw new Error(`no audit iterator ${m.iter}`);
      const page: AuditRecord[] = [];
      while (page.length < m.max) {
        const n = await it.next();
        if (n.done === true) {
          iterators.delete(m.iter);
          return { page, done: true };
        }
        page.push(n.value);
      }
      return { page, done: false };
    }
    case 'iterClose':
      await iterators.get(m.iter)?.return?.();
      iterators.delete(m.iter);
      return null;
    case 'close':
      await store.close();
      return null;
  }
}

function onRequest(m: ThreadRequest): void {
  if (m.op === 'append') {
    let entry: AuditEntry;
    try {
      entry = JSON.parse(m.body) as AuditEntry;
    } catch (err) {
      fail(m.id, err);
      return;
    }
    store.append(entry).then(
      // The caller already holds the entry; only what the store added (or rewrote, with redact-at-rest) comes back.
      (rec) => send({ id: m.id, ok: true, value: { seq: rec.seq, prevHash: rec.prevHash, hash: rec.hash, stored: data.redactAtRest ? JSON.stringify(rec) : undefined } }),
      (err: unknown) => fail(m.id, err),
    );
    return;
  }
  handle(m).then(
    (value) => send({ id: m.id, ok: true, value }),
    (err: unknown) => fail(m.id, err),
  );
}

port.on('message', (batch: ThreadRequest[]) => {
  for (const m of batch) onRequest(m);
});
port.postMessage([{ id: 0, ok: true, value: 'ready' } satisfies ThreadReply]);
