/**
 * Static pickle analysis: walks the opcodes of one or more concatenated pickles, simulating only the stack
 * shape (strings, marks, imported globals), and lists every global the pickle would import, with how it is
 * imported (GLOBAL, INST or STACK_GLOBAL, also through the memo). Nothing is ever executed or unpickled.
 * Hand-rolled because no maintained npm package parses pickles without running them; the opcode table follows
 * CPython's pickletools.
 */
import { judgeGlobal, type GlobalVerdict } from './pickle-globals.js';
import { PICKLE_OPCODES, PROTO_OPCODE, type PickleOpcode } from './pickle-opcodes.js';

export interface PickleImport {
  module: string;
  name: string;
  /** GLOBAL, INST or STACK_GLOBAL. */
  opcode: string;
  /** Byte offset of the importing opcode. */
  offset: number;
  verdict: GlobalVerdict;
}

export interface PickleReport {
  imports: PickleImport[];
  /** Calls made while loading (REDUCE, NEWOBJ, OBJ, INST, BUILD with state): the way an import gets run. */
  calls: number;
  pickles: number;
  /** Problems that make the analysis incomplete (treated as dangerous: the file cannot be cleared). */
  problems: string[];
}

export class PickleFormatError extends Error {}

/** Bounds that keep a hostile file from making the walk slow or large. */
const MAX_STACK = 1_000_000;
const MAX_MEMO = 1_000_000;
const MAX_IMPORTS = 10_000;

type Slot = { t: 'str'; v: string } | { t: 'global'; module: string; name: string } | { t: 'mark' } | { t: 'other' };
const OTHER: Slot = { t: 'other' };
const MARK: Slot = { t: 'mark' };

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.buf.length) throw new PickleFormatError(`truncated pickle: ${what} at offset ${this.pos} needs ${n} bytes`);
  }
  bytes(n: number, what: string): Buffer {
    this.need(n, what);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  uint(n: 1 | 2 | 4 | 8, what: string): number {
    const b = this.bytes(n, what);
    if (n === 8) {
      const v = b.readBigUInt64LE(0);
      if (v > BigInt(this.buf.length)) throw new PickleFormatError(`length ${v} at offset ${this.pos - 8} exceeds the file`);
      return Number(v);
    }
    return n === 1 ? b.readUInt8(0) : n === 2 ? b.readUInt16LE(0) : b.readUInt32LE(0);
  }
  line(what: string): string {
    const end = this.buf.indexOf(0x0a, this.pos);
    if (end < 0) throw new PickleFormatError(`truncated pickle: ${what} at offset ${this.pos} has no newline`);
    const s = this.buf.toString('latin1', this.pos, end);
    this.pos = end + 1;
    return s;
  }
}

function unquote(s: string): string {
  const m = /^(['"])(.*)\1$/s.exec(s);
  return m ? (m[2] ?? '') : s;
}

class Machine {
  stack: Slot[] = [];
  memo = new Map<number, Slot>();
  report: PickleReport = { imports: [], calls: 0, pickles: 0, problems: [] };

  push(s: Slot): void {
    if (this.stack.length >= MAX_STACK) throw new PickleFormatError(`stack deeper than ${MAX_STACK}`);
    this.stack.push(s);
  }
  pop(at: number): Slot {
    const s = this.stack.pop();
    if (s === undefined) throw new PickleFormatError(`stack underflow at offset ${at}`);
    return s;
  }
  popMark(at: number): Slot[] {
    const items: Slot[] = [];
    for (;;) {
      const s = this.pop(at);
      if (s.t === 'mark') return items.reverse();
      items.push(s);
    }
  }
  record(module: string, name: string, opcode: string, offset: number): void {
    if (this.report.imports.length >= MAX_IMPORTS) throw new PickleFormatError(`more than ${MAX_IMPORTS} imports`);
    this.report.imports.push({ module, name, opcode, offset, verdict: judgeGlobal(module, name) });
  }
}

function argument(r: Reader, op: PickleOpcode): string | number | undefined {
  switch (op.arg.kind) {
    case 'none':
      return undefined;
    case 'fixed':
      if (op.arg.bytes === 8) {
        r.bytes(8, op.name);
        return undefined;
      }
      return r.uint(op.arg.bytes, op.name);
    case 'counted': {
      const n = r.uint(op.arg.bytes, op.name);
      return r.bytes(n, op.name).toString(op.name.includes('UNICODE') ? 'utf8' : 'latin1');
    }
    case 'line':
      return r.line(op.name);
    case 'two-lines':
      return `${r.line(op.name)}\n${r.line(op.name)}`;
  }
}

function step(m: Machine, op: PickleOpcode, arg: string | number | undefined, at: number): boolean {
  switch (op.effect) {
    case 'stop': m.pop(at); return true;
    case 'push': m.push(OTHER); break;
    case 'push-str': m.push({ t: 'str', v: op.name === 'STRING' ? unquote(String(arg)) : String(arg) }); break;
    case 'mark': m.push(MARK); break;
    case 'pop': m.pop(at); break;
    case 'pop-mark': m.popMark(at); break;
    case 'dup': { const top = m.pop(at); m.push(top); m.push(top); break; }
    case 'pop1': m.pop(at); break;
    case 'pop2': m.pop(at); m.pop(at); break;
    case 'pop1-push': m.pop(at); m.push(OTHER); break;
    case 'pop2-push': m.pop(at); m.pop(at); m.report.calls++; m.push(OTHER); break;
    case 'pop3-push': m.pop(at); m.pop(at); m.pop(at); m.report.calls++; m.push(OTHER); break;
    case 'mark-push': if (op.name === 'OBJ') m.report.calls++; m.popMark(at); m.push(OTHER); break;
    case 'append-mark': m.popMark(at); break;
    case 'reduce': m.pop(at); m.pop(at); m.report.calls++; m.push(OTHER); break;
    case 'global':
    case 'inst': {
      const [module = '', name = ''] = String(arg).split('\n');
      m.record(module, name, op.name, at);
      if (op.effect === 'inst') { m.popMark(at); m.report.calls++; m.push(OTHER); } else m.push({ t: 'global', module, name });
      break;
    }
    case 'stack-global': {
      const name = m.pop(at);
      const module = m.pop(at);
      if (module.t === 'str' && name.t === 'str') {
        m.record(module.v, name.v, op.name, at);
        m.push({ t: 'global', module: module.v, name: name.v });
      } else {
        m.report.problems.push(`STACK_GLOBAL at offset ${at} imports a name that is not a constant string`);
        m.push(OTHER);
      }
      break;
    }
    case 'memo-get': {
      const key = typeof arg === 'number' ? arg : Number.parseInt(String(arg), 10);
      m.push(m.memo.get(key) ?? OTHER);
      break;
    }
    case 'memo-put':
    case 'memoize': {
      const top = m.stack[m.stack.length - 1];
      if (top === undefined) throw new PickleFormatError(`${op.name} on an empty stack at offset ${at}`);
      const key = op.effect === 'memoize' ? m.memo.size : typeof arg === 'number' ? arg : Number.parseInt(String(arg), 10);
      if (m.memo.size >= MAX_MEMO) throw new PickleFormatError(`memo larger than ${MAX_MEMO}`);
      m.memo.set(key, top);
      break;
    }
    case 'ext':
      m.report.problems.push(`${op.name} at offset ${at} imports from the copyreg extension registry (code ${String(arg)}), which a static scan cannot resolve`);
      m.push(OTHER);
      break;
    case 'frame': case 'proto': case 'nop': break;
  }
  return false;
}

/**
 * Scans every pickle in `buf`: the first at offset 0, then each following one that starts with PROTO (legacy
 * PyTorch files put several pickles before raw tensor bytes, which are not opcodes and are not read).
 */
export function scanPickle(buf: Buffer): PickleReport {
  const r = new Reader(buf);
  const m = new Machine();
  while (r.pos < buf.length) {
    if (m.report.pickles > 0 && buf[r.pos] !== PROTO_OPCODE) break;
    m.stack = [];
    for (;;) {
      const at = r.pos;
      const code = r.uint(1, 'opcode');
      const op = PICKLE_OPCODES.get(code);
      if (op === undefined) throw new PickleFormatError(`unknown opcode 0x${code.toString(16).padStart(2, '0')} at offset ${at}`);
      if (step(m, op, argument(r, op), at)) break;
    }
    m.report.pickles++;
  }
  return m.report;
}
