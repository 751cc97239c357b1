/**
 * GGUF metadata validation (llama.cpp's format: magic, version, tensor and key/value counts, typed key/values,
 * tensor infos). Every length is checked against the bytes that remain before anything is allocated, so a
 * hostile header cannot exhaust memory. Chat templates are Jinja that some loaders render: constructs that
 * reach Python internals are flagged (the llama-cpp-python template injection, CVE-2024-34359).
 */
import type { FileHandle } from 'node:fs/promises';

/** Metadata is read from the file's first bytes; a header beyond this is refused rather than read. */
export const MAX_GGUF_HEADER = 256 * 1024 * 1024;
const MAX_COUNT = 10_000_000;

export interface GgufReport {
  version: number;
  tensors: number;
  metadata: Record<string, string | number | boolean | bigint | null>;
  problems: string[];
}

export class GgufFormatError extends Error {}

const SCALAR_BYTES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const TEMPLATE_RISK = /__(?:class|subclasses|globals|builtins|init|mro|base|import)__|\bos\.|\bpopen\b|\bsubprocess\b|\beval\s*\(|\bexec\s*\(|\bimport\b/i;

class Cursor {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  need(n: bigint | number, what: string): number {
    const k = BigInt(n);
    if (k < 0n || BigInt(this.pos) + k > BigInt(this.buf.length)) throw new GgufFormatError(`${what} at offset ${this.pos} needs ${k} bytes, more than the header holds`);
    return Number(k);
  }
  u32(what: string): number { this.need(4, what); const v = this.buf.readUInt32LE(this.pos); this.pos += 4; return v; }
  u64(what: string): bigint { this.need(8, what); const v = this.buf.readBigUInt64LE(this.pos); this.pos += 8; return v; }
  skip(n: bigint | number, what: string): void { this.pos += this.need(n, what); }
  str(what: string): string {
    const n = this.need(this.u64(`${what} length`), what);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}

function scalar(c: Cursor, type: number, what: string): string | number | boolean | bigint {
  const size = SCALAR_BYTES[type];
  if (size === undefined) throw new GgufFormatError(`${what}: unknown value type ${type}`);
  c.need(size, what);
  const b = c.buf;
  const p = c.pos;
  c.pos += size;
  switch (type) {
    case 0: return b.readUInt8(p);
    case 1: return b.readInt8(p);
    case 2: return b.readUInt16LE(p);
    case 3: return b.readInt16LE(p);
    case 4: return b.readUInt32LE(p);
    case 5: return b.readInt32LE(p);
    case 6: return b.readFloatLE(p);
    case 7: return b.readUInt8(p) !== 0;
    case 10: return b.readBigUInt64LE(p);
    case 11: return b.readBigInt64LE(p);
    default: return b.readDoubleLE(p);
  }
}

function value(c: Cursor, type: number, key: string, depth: number): string | number | boolean | bigint | null {
  if (type === 8) return c.str(key);
  if (type !== 9) return scalar(c, type, key);
  if (depth > 2) throw new GgufFormatError(`${key}: arrays nested deeper than 2`);
  const inner = c.u32(`${key} array type`);
  const count = c.u64(`${key} array length`);
  if (count > BigInt(c.buf.length)) throw new GgufFormatError(`${key}: array of ${count} items is longer than the file`);
  const size = SCALAR_BYTES[inner];
  if (size !== undefined) c.skip(count * BigInt(size), key);
  else for (let i = 0n; i < count; i++) value(c, inner, key, depth + 1);
  return null;
}

export async function checkGguf(file: FileHandle, size: number): Promise<GgufReport> {
  const buf = Buffer.alloc(Math.min(size, MAX_GGUF_HEADER));
  await file.read(buf, 0, buf.length, 0);
  const c = new Cursor(buf);
  c.need(4, 'magic');
  if (buf.toString('latin1', 0, 4) !== 'GGUF') throw new GgufFormatError('not a GGUF file (magic is not "GGUF")');
  c.pos = 4;
  const version = c.u32('version');
  if (version < 2 || version > 3) throw new GgufFormatError(`unsupported GGUF version ${version} (2 and 3 are read)`);
  const tensors = c.u64('tensor count');
  const kvs = c.u64('metadata count');
  if (tensors > BigInt(MAX_COUNT) || kvs > BigInt(MAX_COUNT)) throw new GgufFormatError(`implausible counts: ${tensors} tensors, ${kvs} metadata keys`);
  const metadata: GgufReport['metadata'] = {};
  const problems: string[] = [];
  for (let i = 0n; i < kvs; i++) {
    const key = c.str('metadata key');
    const v = value(c, c.u32(`${key} type`), key, 0);
    metadata[key] = v;
    if (typeof v === 'string' && key.includes('chat_template') && TEMPLATE_RISK.test(v)) {
      problems.push(`${key} reaches Python internals or runs code (${TEMPLATE_RISK.exec(v)?.[0] ?? ''}): a template-injection risk in loaders that render it`);
    }
  }
  for (let i = 0n; i < tensors; i++) {
    const name = c.str('tensor name');
    const dims = c.u32(`${name} dimensions`);
    if (dims > 8) problems.push(`tensor "${name}" has ${dims} dimensions (GGML allows 4)`);
    c.skip(BigInt(dims) * 8n + 4n + 8n, `${name} info`);
  }
  return { version, tensors: Number(tensors), metadata, problems };
}
