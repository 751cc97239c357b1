/**
 * The pickle opcode table (protocols 0-5, CPython's Lib/pickletools.py): how many argument bytes follow each
 * opcode and what it does to the stack. The scanner walks opcodes with this table and never executes them.
 */

/** How an opcode's argument is laid out in the byte stream. */
export type PickleArg =
  | { kind: 'none' }
  | { kind: 'fixed'; bytes: 1 | 2 | 4 | 8 }
  /** A little-endian length of `bytes` bytes, then that many bytes. */
  | { kind: 'counted'; bytes: 1 | 4 | 8 }
  /** Text up to the next newline. */
  | { kind: 'line' }
  /** Two newline-terminated lines: module and name (GLOBAL, INST). */
  | { kind: 'two-lines' };

/** What an opcode does to the simulated stack; the scanner tracks strings and imported globals on it. */
export type PickleEffect =
  | 'push' | 'push-str' | 'mark' | 'pop' | 'pop-mark' | 'dup' | 'stop'
  | 'pop1-push' | 'pop2-push' | 'pop3-push' | 'pop1' | 'pop2'
  | 'mark-push' | 'global' | 'inst' | 'stack-global' | 'reduce' | 'memo-get' | 'memo-put' | 'memoize'
  | 'ext' | 'frame' | 'proto' | 'nop' | 'append-mark';

export interface PickleOpcode {
  name: string;
  arg: PickleArg;
  effect: PickleEffect;
}

const none = { kind: 'none' } as const;
const line = { kind: 'line' } as const;
const fixed = (bytes: 1 | 2 | 4 | 8): PickleArg => ({ kind: 'fixed', bytes });
const counted = (bytes: 1 | 4 | 8): PickleArg => ({ kind: 'counted', bytes });

const TABLE: Array<[string, string, PickleArg, PickleEffect]> = [
  ['(', 'MARK', none, 'mark'],
  ['.', 'STOP', none, 'stop'],
  ['0', 'POP', none, 'pop'],
  ['1', 'POP_MARK', none, 'pop-mark'],
  ['2', 'DUP', none, 'dup'],
  ['F', 'FLOAT', line, 'push'],
  ['I', 'INT', line, 'push'],
  ['J', 'BININT', fixed(4), 'push'],
  ['K', 'BININT1', fixed(1), 'push'],
  ['L', 'LONG', line, 'push'],
  ['M', 'BININT2', fixed(2), 'push'],
  ['N', 'NONE', none, 'push'],
  ['P', 'PERSID', line, 'push'],
  ['Q', 'BINPERSID', none, 'pop1-push'],
  ['R', 'REDUCE', none, 'reduce'],
  ['S', 'STRING', line, 'push-str'],
  ['T', 'BINSTRING', counted(4), 'push-str'],
  ['U', 'SHORT_BINSTRING', counted(1), 'push-str'],
  ['V', 'UNICODE', line, 'push-str'],
  ['X', 'BINUNICODE', counted(4), 'push-str'],
  ['a', 'APPEND', none, 'pop1'],
  ['b', 'BUILD', none, 'pop1'],
  ['c', 'GLOBAL', { kind: 'two-lines' }, 'global'],
  ['d', 'DICT', none, 'mark-push'],
  ['}', 'EMPTY_DICT', none, 'push'],
  ['e', 'APPENDS', none, 'append-mark'],
  ['g', 'GET', line, 'memo-get'],
  ['h', 'BINGET', fixed(1), 'memo-get'],
  ['i', 'INST', { kind: 'two-lines' }, 'inst'],
  ['j', 'LONG_BINGET', fixed(4), 'memo-get'],
  ['l', 'LIST', none, 'mark-push'],
  [']', 'EMPTY_LIST', none, 'push'],
  ['o', 'OBJ', none, 'mark-push'],
  ['p', 'PUT', line, 'memo-put'],
  ['q', 'BINPUT', fixed(1), 'memo-put'],
  ['r', 'LONG_BINPUT', fixed(4), 'memo-put'],
  ['s', 'SETITEM', none, 'pop2'],
  ['t', 'TUPLE', none, 'mark-push'],
  [')', 'EMPTY_TUPLE', none, 'push'],
  ['u', 'SETITEMS', none, 'append-mark'],
  ['G', 'BINFLOAT', fixed(8), 'push'],
  ['\x80', 'PROTO', fixed(1), 'proto'],
  ['\x81', 'NEWOBJ', none, 'pop2-push'],
  ['\x82', 'EXT1', fixed(1), 'ext'],
  ['\x83', 'EXT2', fixed(2), 'ext'],
  ['\x84', 'EXT4', fixed(4), 'ext'],
  ['\x85', 'TUPLE1', none, 'pop1-push'],
  ['\x86', 'TUPLE2', none, 'pop2-push'],
  ['\x87', 'TUPLE3', none, 'pop3-push'],
  ['\x88', 'NEWTRUE', none, 'push'],
  ['\x89', 'NEWFALSE', none, 'push'],
  ['\x8a', 'LONG1', counted(1), 'push'],
  ['\x8b', 'LONG4', counted(4), 'push'],
  ['B', 'BINBYTES', counted(4), 'push'],
  ['C', 'SHORT_BINBYTES', counted(1), 'push'],
  ['\x8c', 'SHORT_BINUNICODE', counted(1), 'push-str'],
  ['\x8d', 'BINUNICODE8', counted(8), 'push-str'],
  ['\x8e', 'BINBYTES8', counted(8), 'push'],
  ['\x8f', 'EMPTY_SET', none, 'push'],
  ['\x90', 'ADDITEMS', none, 'append-mark'],
  ['\x91', 'FROZENSET', none, 'mark-push'],
  ['\x92', 'NEWOBJ_EX', none, 'pop3-push'],
  ['\x93', 'STACK_GLOBAL', none, 'stack-global'],
  ['\x94', 'MEMOIZE', none, 'memoize'],
  ['\x95', 'FRAME', fixed(8), 'frame'],
  ['\x96', 'BYTEARRAY8', counted(8), 'push'],
  ['\x97', 'NEXT_BUFFER', none, 'push'],
  ['\x98', 'READONLY_BUFFER', none, 'nop'],
];

/** Opcode byte -> its description; a byte not in the table makes the file unreadable (never guessed). */
export const PICKLE_OPCODES: ReadonlyMap<number, PickleOpcode> = new Map(
  TABLE.map(([code, name, arg, effect]) => [code.charCodeAt(0), { name, arg, effect }]),
);

export const PROTO_OPCODE = 0x80;
