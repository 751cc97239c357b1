/** Hand-built model files for the scanner tests: pickle opcodes, zip archives, safetensors and GGUF headers. */
import { deflateRawSync } from 'node:zlib';

const enc = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Protocol-4 string push: SHORT_BINUNICODE. */
export function shortUnicode(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from([0x8c, b.length]), b]);
}

export const op = {
  proto: (v: number): Buffer => Buffer.from([0x80, v]),
  global: (module: string, name: string): Buffer => enc(`c${module}\n${name}\n`),
  stackGlobal: Buffer.from([0x93]),
  memoize: Buffer.from([0x94]),
  binget: (i: number): Buffer => Buffer.from([0x68, i]),
  mark: enc('('),
  tuple: enc('t'),
  tuple1: Buffer.from([0x85]),
  reduce: enc('R'),
  stop: enc('.'),
  emptyDict: enc('}'),
  none: enc('N'),
  binint1: (v: number): Buffer => Buffer.from([0x4b, v]),
  build: enc('b'),
  binpersid: enc('Q'),
  ext1: (code: number): Buffer => Buffer.from([0x82, code]),
};

/** `module.name(arg)` as protocol 0 would write it: GLOBAL, MARK, string, TUPLE, REDUCE, STOP. */
export function callPickle0(module: string, name: string, arg: string): Buffer {
  return Buffer.concat([op.global(module, name), op.mark, enc(`V${arg}\n`), op.tuple, op.reduce, op.stop]);
}

/** The same call written with STACK_GLOBAL, the module name reached through the memo (as pickle 4 does). */
export function callPickle4(module: string, name: string, arg: string): Buffer {
  return Buffer.concat([
    op.proto(4), shortUnicode(module), op.memoize, shortUnicode('padding'), Buffer.from([0x30]), op.binget(0), shortUnicode(name),
    op.stackGlobal, shortUnicode(arg), op.tuple1, op.reduce, op.stop,
  ]);
}

/** What torch.save writes into data.pkl for a state dict of one tensor (imports only, storage by BINPERSID). */
export function torchStateDict(): Buffer {
  return Buffer.concat([
    op.proto(2), op.global('collections', 'OrderedDict'), Buffer.from([0x29]), op.reduce,
    shortUnicode('weight'),
    op.global('torch._utils', '_rebuild_tensor_v2'), op.mark,
    op.mark, shortUnicode('storage'), op.global('torch', 'FloatStorage'), shortUnicode('0'), shortUnicode('cpu'), op.binint1(4), op.tuple, op.binpersid,
    op.binint1(0), op.mark, op.binint1(4), op.tuple, op.mark, op.binint1(1), op.tuple, Buffer.from([0x89]), op.global('collections', 'OrderedDict'), Buffer.from([0x29]), op.reduce, op.tuple, op.reduce,
    enc('s'), op.stop,
  ]);
}

interface ZipMember { name: string; data: Buffer; deflate?: boolean; claimedSize?: number }

/** A zip archive (local headers, central directory, end record), enough for yauzl. */
export function zip(members: ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const body = m.deflate ? deflateRawSync(m.data) : m.data;
    const method = m.deflate ? 8 : 0;
    const crc = crc32(m.data);
    const size = m.claimedSize ?? m.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(body.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(body.length, 20); central.writeUInt32LE(size, 24); central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(members.length, 8); end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

export function safetensors(header: unknown, dataBytes: number, rawLength?: bigint): Buffer {
  const h = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(rawLength ?? BigInt(h.length));
  return Buffer.concat([len, h, Buffer.alloc(dataBytes)]);
}

function u32(v: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; }
function u64(v: bigint | number): Buffer { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); return b; }
function ggufStr(s: string): Buffer { const b = Buffer.from(s, 'utf8'); return Buffer.concat([u64(b.length), b]); }

/** GGUF v3 with string metadata and one 2-D F32 tensor info. */
export function gguf(meta: Record<string, string>, opts: { arrayCount?: bigint } = {}): Buffer {
  const kvs = Object.entries(meta).map(([k, v]) => Buffer.concat([ggufStr(k), u32(8), ggufStr(v)]));
  if (opts.arrayCount !== undefined) kvs.push(Buffer.concat([ggufStr('tokenizer.ggml.tokens'), u32(9), u32(8), u64(opts.arrayCount)]));
  const tensor = Buffer.concat([ggufStr('blk.0.weight'), u32(2), u64(4), u64(4), u32(0), u64(0)]);
  return Buffer.concat([Buffer.from('GGUF'), u32(3), u64(1), u64(kvs.length), ...kvs, tensor, Buffer.alloc(64)]);
}
