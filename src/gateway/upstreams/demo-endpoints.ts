/**
 * The demo upstream's embeddings and legacy completions, offline and deterministic. An embedding is a hashed
 * bag of words (token ids for token-array input), L2-normalised: texts sharing words get similar vectors, so a
 * retrieval demo behaves plausibly; the vectors mean nothing else.
 */
import { arr, num, str, type Json } from './json.js';

/** Dimensions when the request names none (OpenAI's small model has 1536; the demo needs no more). */
const DEFAULT_DIMENSIONS = 256;
const MAX_DIMENSIONS = 4096;
const WORD = /[\p{L}\p{N}]+/gu;

/** 32-bit FNV-1a. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function features(input: unknown): string[] {
  if (typeof input === 'string') return input.toLowerCase().match(WORD) ?? [];
  return arr(input).map((t) => `#${String(t)}`);
}

/** One input's vector: each feature adds ±1 at its hashed index, then the vector is scaled to length 1. */
export function demoVector(input: unknown, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const f of features(input)) {
    const h = fnv1a(f);
    v[h % dimensions] = (v[h % dimensions] ?? 0) + (h & 0x80000000 ? -1 : 1);
  }
  const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  return norm === 0 ? v : v.map((x) => x / norm);
}

/** The inputs of an embeddings body: one string or token array, or a list of them. */
function inputsOf(input: unknown): unknown[] {
  if (typeof input === 'string') return [input];
  const list = arr(input);
  return list.length > 0 && typeof list[0] === 'number' ? [list] : list;
}

/** Base64 of little-endian float32 values, the `encoding_format: "base64"` answer. */
function base64Floats(v: readonly number[]): string {
  return Buffer.from(new Float32Array(v).buffer).toString('base64');
}

/** An OpenAI embeddings answer for a body; usage counts a token per 4 characters or per token id. */
export function demoEmbeddings(body: Json, model: string): Json {
  const dims = Math.min(MAX_DIMENSIONS, Math.max(1, Math.floor(num(body.dimensions) ?? DEFAULT_DIMENSIONS)));
  const inputs = inputsOf(body.input);
  const tokens = inputs.reduce<number>((n, i) => n + (typeof i === 'string' ? Math.ceil(i.length / 4) : arr(i).length), 0);
  const data = inputs.map((input, index) => {
    const v = demoVector(input, dims);
    return { object: 'embedding', index, embedding: body.encoding_format === 'base64' ? base64Floats(v) : v };
  });
  return { object: 'list', data, model: str(body.model) ?? model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

/** A legacy completions body as the one-message chat the simulated model answers. */
export function promptAsChat(body: Json): Json {
  const prompt = body.prompt;
  const text = typeof prompt === 'string' ? prompt : arr(prompt).map((p) => str(p) ?? '').join('\n');
  return { messages: [{ role: 'user', content: text }] };
}
