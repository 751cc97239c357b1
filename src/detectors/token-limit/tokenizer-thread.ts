/**
 * The BPE tokenizers behind token-limit, run in a worker thread and called synchronously (a detector's scan is
 * synchronous). The o200k rank table is ~14 MB and ~400k objects on the JS heap: kept in the gateway's own heap it
 * made up most of what every major GC has to mark, and those pauses set the gateway's tail latency. Only texts
 * whose UTF-8 length exceeds the limit come here, so the round trip is rare and small next to counting them.
 */
import { createRequire } from 'node:module';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort, type WorkerOptions } from 'node:worker_threads';

/** Shared slots: the request sequence (main -> worker), the answered sequence and the answer (worker -> main). */
const REQUEST = 0;
const ANSWERED = 1;
const RESULT = 2;
const EXCEEDED = 1;
const FAILED = -1;

/** Longest wait for one answer (loading a table on first use included) before the scan fails closed. */
const ANSWER_TIMEOUT_MS = 10_000;

/**
 * Worker body (CommonJS, eval'd): loads each encoding once and answers one request at a time. It sleeps in
 * Atomics.wait between requests; the one-second timeout only lets a terminating worker notice.
 */
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { control, port } = workerData;
const loaded = new Map();
const COUNT_AS_TEXT = { disallowedSpecial: new Set() };
let seen = 0;
for (;;) {
  if (Atomics.wait(control, ${REQUEST}, seen, 1000) === 'timed-out') continue;
  seen = Atomics.load(control, ${REQUEST});
  const { parts, limit, module } = receiveMessageOnPort(port).message;
  let result = 0;
  try {
    let t = loaded.get(module);
    if (t === undefined) { t = require(module); loaded.set(module, t); }
    let used = 0;
    for (const part of parts) {
      const n = t.isWithinTokenLimit(part, limit - used, COUNT_AS_TEXT);
      if (n === false) { result = ${EXCEEDED}; break; }
      used += n;
    }
  } catch (err) {
    result = ${FAILED};
    port.postMessage(String(err && err.stack || err));
  }
  Atomics.store(control, ${RESULT}, result);
  Atomics.store(control, ${ANSWERED}, seen);
  Atomics.notify(control, ${ANSWERED});
}
`;

/**
 * The thread needs none of the process's flags (a loader such as tsx, or --input-type=module, which would make
 * the eval'd CommonJS above an ES module that cannot run). Loading a rank table allocates a burst of garbage
 * that would grow the default young generation to 32 MB and keep it; 4 MB holds the RSS of the thread ~20 MB lower
 * and counts as fast.
 */
export const THREAD_OPTIONS: WorkerOptions = { execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 4 } };

interface Thread {
  control: Int32Array;
  port: MessagePort;
  worker: Worker;
}

let thread: Thread | undefined;

const require = createRequire(import.meta.url);
const modules = new Map<string, string>();

/** The CommonJS build of one encoding, resolved from here (the eval'd worker has no useful base path of its own). */
function moduleOf(encoding: string): string {
  let path = modules.get(encoding);
  if (path === undefined) {
    path = require.resolve(`gpt-tokenizer/cjs/encoding/${encoding}`);
    modules.set(encoding, path);
  }
  return path;
}

/** Encodings the thread has been asked to count with so far (each is loaded there on its first request). */
export function encodingsInUse(): string[] {
  return [...modules.keys()];
}

function start(): Thread {
  const control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { control, port: port2 }, transferList: [port2], ...THREAD_OPTIONS });
  // Idle, the tokenizer thread never keeps the process alive.
  worker.unref();
  port1.unref();
  const t: Thread = { control, port: port1, worker };
  worker.once('exit', () => {
    if (thread === t) thread = undefined;
  });
  return t;
}

/**
 * True when the pieces together hold more than `limit` tokens (counting stops as soon as they do).
 * Throws when the tokenizer thread fails or does not answer in time; the pipeline then fails closed.
 */
export function piecesExceedLimit(parts: readonly string[], limit: number, encoding: string): boolean {
  const module = moduleOf(encoding);
  thread ??= start();
  const { control, port } = thread;
  port.postMessage({ parts, limit, module });
  const seq = Atomics.add(control, REQUEST, 1) + 1;
  Atomics.notify(control, REQUEST);
  const deadline = performance.now() + ANSWER_TIMEOUT_MS;
  for (let answered = Atomics.load(control, ANSWERED); answered !== seq; answered = Atomics.load(control, ANSWERED)) {
    const left = deadline - performance.now();
    if (left <= 0) {
      const stuck = thread;
      thread = undefined;
      void stuck.worker.terminate();
      throw new Error(`token-limit: the tokenizer thread did not answer within ${ANSWER_TIMEOUT_MS} ms`);
    }
    Atomics.wait(control, ANSWERED, answered, left);
  }
  const result = Atomics.load(control, RESULT);
  if (result === FAILED) {
    const reason = receiveMessageOnPort(port)?.message as string | undefined;
    throw new Error(`token-limit: the ${encoding} tokenizer failed: ${reason ?? 'unknown error'}`);
  }
  return result === EXCEEDED;
}
