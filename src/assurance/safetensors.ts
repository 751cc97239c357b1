/**
 * safetensors header validation (format: 8-byte little-endian header length, a JSON header, then the tensor
 * bytes). The format cannot run code; what can go wrong is a header that lies: offsets outside the file,
 * overlapping or gapped tensors, sizes that do not match dtype x shape, an oversized header meant to exhaust
 * memory. Only the header is read.
 */
import type { FileHandle } from 'node:fs/promises';

/** The format's own limit on the header (safetensors rejects larger ones). */
export const MAX_SAFETENSORS_HEADER = 100_000_000;

const DTYPE_BITS: Record<string, number> = {
  BOOL: 8, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, I16: 16, U16: 16, F16: 16, BF16: 16,
  I32: 32, U32: 32, F32: 32, F64: 64, I64: 64, U64: 64, F4: 4, F6_E2M3: 6, F6_E3M2: 6, C64: 64,
};

export interface SafetensorsReport {
  tensors: number;
  metadata: Record<string, string>;
  problems: string[];
}

interface Entry { name: string; begin: number; end: number }

function checkTensor(name: string, v: unknown, problems: string[]): Entry | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    problems.push(`tensor "${name}": expected an object with dtype, shape and data_offsets`);
    return undefined;
  }
  const t = v as Record<string, unknown>;
  const bits = typeof t.dtype === 'string' ? DTYPE_BITS[t.dtype] : undefined;
  if (bits === undefined) problems.push(`tensor "${name}": unknown dtype ${JSON.stringify(t.dtype)}`);
  const shape = t.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    problems.push(`tensor "${name}": shape must be a list of non-negative integers`);
    return undefined;
  }
  const off = t.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isSafeInteger(o) && (o as number) >= 0) || (off[0] as number) > (off[1] as number)) {
    problems.push(`tensor "${name}": data_offsets must be [begin, end] with 0 <= begin <= end`);
    return undefined;
  }
  const [begin, end] = off as [number, number];
  if (bits !== undefined) {
    const elements = (shape as number[]).reduce((a, d) => a * BigInt(d), 1n);
    const bytes = (elements * BigInt(bits) + 7n) / 8n;
    if (bytes !== BigInt(end - begin)) problems.push(`tensor "${name}": ${String(t.dtype)} ${JSON.stringify(shape)} needs ${bytes} bytes, data_offsets give ${end - begin}`);
  }
  return { name, begin, end };
}

export async function checkSafetensors(file: FileHandle, size: number): Promise<SafetensorsReport> {
  const problems: string[] = [];
  if (size < 8) return { tensors: 0, metadata: {}, problems: ['file shorter than the 8-byte header length'] };
  const lenBuf = Buffer.alloc(8);
  await file.read(lenBuf, 0, 8, 0);
  const len = lenBuf.readBigUInt64LE(0);
  if (len > BigInt(MAX_SAFETENSORS_HEADER)) return { tensors: 0, metadata: {}, problems: [`header length ${len} exceeds the format's ${MAX_SAFETENSORS_HEADER}-byte limit`] };
  if (len > BigInt(size - 8)) return { tensors: 0, metadata: {}, problems: [`header length ${len} exceeds the file (${size} bytes)`] };
  const header = Buffer.alloc(Number(len));
  await file.read(header, 0, header.length, 8);
  let parsed: unknown;
  try {
    parsed = JSON.parse(header.toString('utf8'));
  } catch (e) {
    return { tensors: 0, metadata: {}, problems: [`header is not JSON: ${(e as Error).message}`] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { tensors: 0, metadata: {}, problems: ['header is not a JSON object'] };
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, v] of Object.entries(parsed)) {
    if (name === '__metadata__') {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) problems.push('__metadata__ must map strings to strings');
      else Object.assign(metadata, v);
      continue;
    }
    const e = checkTensor(name, v, problems);
    if (e) entries.push(e);
  }
  const dataSize = size - 8 - Number(len);
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const e of entries) {
    if (e.begin < cursor) problems.push(`tensor "${e.name}" overlaps the previous tensor (begins at ${e.begin}, previous ends at ${cursor})`);
    else if (e.begin > cursor) problems.push(`bytes ${cursor}..${e.begin} before tensor "${e.name}" belong to no tensor`);
    cursor = Math.max(cursor, e.end);
  }
  if (cursor > dataSize) problems.push(`tensors end at byte ${cursor} of the data section, which has ${dataSize}`);
  else if (cursor < dataSize) problems.push(`${dataSize - cursor} bytes after the last tensor belong to no tensor`);
  return { tensors: entries.length, metadata, problems };
}
