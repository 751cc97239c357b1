/**
 * The gateway's BPE tokenizer (gpt-tokenizer), for the requests that need one: token-array inputs of embeddings,
 * which are decoded so the input scan can read them, and local token counts. It runs in its own worker thread,
 * started on first use, for the reason token-limit's does (detectors/token-limit/tokenizer-thread.ts): a rank
 * table is ~14 MB of small objects that every major GC of the gateway's heap would otherwise have to mark.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { THREAD_OPTIONS } from '../detectors/token-limit/tokenizer-thread.js';

export type Encoding = 'o200k_base' | 'cl100k_base';

/** Model name prefixes (after any `provider/` prefix) and their encodings, most specific first. */
const FAMILIES: readonly (readonly [string, Encoding])[] = [
  ['gpt-4o', 'o200k_base'],
  ['gpt-4.1', 'o200k_base'],
  ['gpt-4.5', 'o200k_base'],
  ['chatgpt-4o', 'o200k_base'],
  ['gpt-5', 'o200k_base'],
  ['gpt-oss', 'o200k_base'],
  ['o1', 'o200k_base'],
  ['o3', 'o200k_base'],
  ['o4', 'o200k_base'],
  ['gpt-4', 'cl100k_base'],
  ['gpt-3.5', 'cl100k_base'],
  ['text-embedding-3-', 'cl100k_base'],
  ['text-embedding-ada-002', 'cl100k_base'],
];

/** The encoding of the first name whose family is known, or undefined. */
export function encodingFor(...models: readonly string[]): Encoding | undefined {
  for (const model of models) {
    const name = model.toLowerCase().split('/').pop() ?? '';
    const hit = FAMILIES.find(([prefix]) => name.startsWith(prefix));
    if (hit) return hit[1];
  }
  return undefined;
}

type Job = { op: 'decode'; tokens: readonly number[] } | { op: 'count'; texts: readonly string[] };

interface Pending {
  resolve(v: string | number): void;
  reject(e: Error): void;
}

/** Worker body (CommonJS, eval'd): loads each encoding once and answers each job by id. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const loaded = new Map();
const AS_TEXT = { disallowedSpecial: new Set() };
parentPort.on('message', ({ id, module, job }) => {
  try {
    let t = loaded.get(module);
    if (t === undefined) { t = require(module); loaded.set(module, t); }
    const value = job.op === 'decode' ? t.decode(job.tokens) : job.texts.reduce((n, x) => n + t.encode(x, AS_TEXT).length, 0);
    parentPort.postMessage({ id, value });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  }
});
`;

const require = createRequire(import.meta.url);
let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function failAll(err: Error): void {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function start(): Worker {
  const w = new Worker(WORKER_SOURCE, { eval: true, ...THREAD_OPTIONS });
  w.unref();
  w.on('message', (m: { id: number; value?: string | number; error?: string }) => {
    const p = pending.get(m.id);
    if (p === undefined) return;
    pending.delete(m.id);
    if (m.error !== undefined || m.value === undefined) p.reject(new TokenizerError(m.error ?? 'no answer'));
    else p.resolve(m.value);
  });
  w.once('error', (err) => failAll(err));
  w.once('exit', () => {
    if (worker === w) worker = undefined;
    failAll(new Error('the tokenizer thread exited'));
  });
  return w;
}

/** The tokenizer rejected the input (e.g. a token id outside the encoding), as opposed to a failed thread. */
export class TokenizerError extends Error {}

function run(encoding: Encoding, job: Job): Promise<string | number> {
  worker ??= start();
  const id = nextId++;
  const module = require.resolve(`gpt-tokenizer/cjs/encoding/${encoding}`);
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker?.postMessage({ id, module, job });
  });
}

/** The text of a token array; throws TokenizerError for ids the encoding does not have. */
export async function decodeTokens(tokens: readonly number[], encoding: Encoding): Promise<string> {
  return String(await run(encoding, { op: 'decode', tokens }));
}

/** Tokens in the texts together, special-token strings counted as plain text. */
export async function countTokens(texts: readonly string[], encoding: Encoding): Promise<number> {
  return Number(await run(encoding, { op: 'count', texts }));
}
