/**
 * The SQLite audit store run in a worker thread. Each append costs the event loop one JSON.stringify and one
 * message; redact-at-rest, canonical JSON, the hash chain and the insert (and SQLite's WAL checkpoints) happen
 * on the worker, so they neither add to request latency nor cap throughput. Same AuditStore contract as the
 * in-process store: reads see every append made before them, close() flushes.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AuditEntry, AuditExpectation, AuditHead, AuditQuery, AuditRecord, AuditStore, AuditVerifyReport } from '../spec/gateway.js';
import type { CheckpointSettings } from './audit-witness.js';
import type { AppendReply, AuditThreadData, ThreadReply, ThreadRequest } from './audit-protocol.js';
import { withFields } from '../core/objects.js';
import { PendingSlots } from './pending-slots.js';

export interface WorkerAuditOptions {
  /** HMAC key for the chain (see SqliteAuditOptions.hmacKey). */
  hmacKey?: string;
  /** Store entries with PII and secrets redacted (the built-in detector redactor). */
  redactAtRest?: boolean;
  /** The checkpoint file (see SqliteAuditOptions.checkpoints). */
  checkpoints?: CheckpointSettings;
}

/** Records fetched per message while iterating. */
const ITER_PAGE = 500;
/** How long an append may wait to share a message to the worker (a crash loses at most this window). */
const APPEND_WINDOW_MS = 10;
const MAX_BATCH = 256;
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

type Body = { [K in ThreadRequest['op']]: Omit<Extract<ThreadRequest, { op: K }>, 'id'> }[ThreadRequest['op']];

function spawn(data: AuditThreadData): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./audit-thread.js', self), { workerData: data });
  // Running from TypeScript sources (tests, tsx scripts): register tsx in the worker before loading the .ts entry.
  // tsx/esm/api resolves to its CommonJS build from here; the worker needs the ESM one beside it.
  const api = pathToFileURL(createRequire(self).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./audit-thread.ts', self).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

export interface ThreadedAuditStore extends AuditStore {
  /** Terminates the current worker as a crash would (tests and failure drills); the store replaces it. */
  killWorker(): Promise<void>;
}

/** Starts a worker and waits until its database is open. */
async function start(file: string, data: AuditThreadData): Promise<Worker> {
  const worker = spawn(data);
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(new Error(`audit worker failed to start for ${file}: ${err.message}`, { cause: err }));
    worker.once('error', onError);
    worker.once('message', () => {
      worker.off('error', onError);
      resolve();
    });
  });
  return worker;
}

interface Pending {
  req: ThreadRequest;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/**
 * Opens `file` in a dedicated worker thread; resolves once the database is open and its schema in place.
 * A worker that dies is replaced (up to MAX_RESTARTS in RESTART_WINDOW_MS) and the appends it had not
 * acknowledged are sent again: a record may then be stored twice, never lost. Reads in flight fail.
 */
export async function createWorkerAuditStore(file: string, opts: WorkerAuditOptions = {}): Promise<ThreadedAuditStore> {
  const data: AuditThreadData = { file, hmacKey: opts.hmacKey, redactAtRest: opts.redactAtRest === true, checkpoints: opts.checkpoints };
  const pending = new PendingSlots<Pending>();
  let nextId = 1;
  let dead: Error | undefined;
  let closed = false;
  let restarting = false;
  const restarts: number[] = [];

  // Every postMessage wakes the worker (a system call): requests are sent in batches, appends after at most
  // APPEND_WINDOW_MS, anything else (a read, close) at once together with the appends queued before it.
  let outbox: ThreadRequest[] = [];
  let timer: NodeJS.Timeout | undefined;
  let worker: Worker;
  const post = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (outbox.length === 0 || restarting) return;
    const batch = outbox;
    outbox = [];
    worker.postMessage(batch);
  };

  const fail = (err: Error, which: (p: Pending) => boolean) => {
    for (const [id, p] of pending.entries()) {
      if (!which(p)) continue;
      pending.take(id);
      p.reject(err);
    }
  };

  const onExit = (from: Worker, err: Error) => {
    if (from !== worker || closed || dead) return;
    const now = Date.now();
    while (restarts.length > 0 && (restarts[0] as number) < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length >= MAX_RESTARTS) {
      dead = new Error(`${err.message}; gave up after ${MAX_RESTARTS} restarts in ${RESTART_WINDOW_MS / 1000} s`, { cause: err });
      fail(dead, () => true);
      outbox = [];
      return;
    }
    restarts.push(now);
    restarting = true;
    fail(err, (p) => p.req.op !== 'append');
    process.emitWarning(`${err.message}; restarting it and re-sending ${pending.size} unacknowledged records`);
    start(file, data).then(
      (w) => {
        attach(w);
        restarting = false;
        // Re-sent appends go first, in their original order, then whatever queued during the restart.
        outbox = [...pending.entries().map(([, p]) => p.req).filter((r) => !outbox.includes(r)), ...outbox];
        post();
      },
      (startErr: Error) => {
        restarting = false;
        dead = startErr;
        fail(startErr, () => true);
      },
    );
  };

  const attach = (w: Worker) => {
    worker = w;
    // Idle, the worker must not keep the process alive; with work in flight it must.
    if (pending.size === 0) w.unref();
    w.on('message', (replies: ThreadReply[]) => {
      for (const r of replies) {
        const p = pending.take(r.id);
        if (!p) continue;
        if (r.ok) p.resolve(r.value);
        else p.reject(new Error(r.error));
      }
      if (pending.size === 0) w.unref();
    });
    w.on('error', (err) => onExit(w, new Error(`audit worker crashed: ${err.message}`, { cause: err })));
    w.on('exit', (code) => onExit(w, new Error(`audit worker exited (code ${code})`)));
  };
  attach(await start(file, data));

  const call = <T>(body: Body): Promise<T> => {
    if (closed) return Promise.reject(new Error('audit store is closed'));
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    if (pending.size === 0) worker.ref();
    const req = { id, ...body } as ThreadRequest;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { req, resolve: resolve as (v: unknown) => void, reject });
      outbox.push(req);
      if (body.op !== 'append' || outbox.length >= MAX_BATCH) post();
      else timer ??= setTimeout(post, APPEND_WINDOW_MS);
    });
  };

  return {
    async append(entry: AuditEntry): Promise<AuditRecord> {
      const r = await call<AppendReply>({ op: 'append', body: JSON.stringify(entry) });
      const stored = r.stored === undefined ? entry : (JSON.parse(r.stored) as AuditEntry);
      return withFields(stored, { seq: r.seq, prevHash: r.prevHash, hash: r.hash });
    },
    get: (requestId: string) => call<AuditRecord | undefined>({ op: 'get', requestId }),
    query: (query: AuditQuery) => call<AuditRecord[]>({ op: 'query', query }),
    verify: (expect?: AuditExpectation) => call<AuditVerifyReport>({ op: 'verify', expect }),
    head: () => call<AuditHead>({ op: 'head' }),
    prune: (before: Date) => call<number>({ op: 'prune', before: before.toISOString() }),
    async *iterate(): AsyncGenerator<AuditRecord> {
      const iter = await call<number>({ op: 'iterOpen' });
      let done = false;
      try {
        while (!done) {
          const next = await call<{ page: AuditRecord[]; done: boolean }>({ op: 'iterNext', iter, max: ITER_PAGE });
          done = next.done;
          yield* next.page;
        }
      } finally {
        if (!done) await call({ op: 'iterClose', iter });
      }
    },
    async close(): Promise<void> {
      if (closed || dead) {
        closed = true;
        return;
      }
      await call({ op: 'close' });
      closed = true;
      await worker.terminate();
    },
    async killWorker(): Promise<void> {
      await worker.terminate();
    },
  };
}
