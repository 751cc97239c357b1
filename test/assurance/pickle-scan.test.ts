import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PickleFormatError, scanPickle } from '../../src/assurance/pickle-scan.js';
import { callPickle0, callPickle4, op, shortUnicode, torchStateDict } from './craft.js';

const verdicts = (buf: Buffer): string[] => scanPickle(buf).imports.map((i) => `${i.verdict} ${i.module}.${i.name} ${i.opcode}`);

describe('pickle scanner', () => {
  it('flags os.system imported by GLOBAL (protocol 0) and by STACK_GLOBAL through the memo (protocol 4)', () => {
    expect(verdicts(callPickle0('os', 'system', 'id'))).toEqual(['dangerous os.system GLOBAL']);
    expect(verdicts(callPickle4('posix', 'system', 'id'))).toEqual(['dangerous posix.system STACK_GLOBAL']);
    expect(scanPickle(callPickle4('posix', 'system', 'id')).calls).toBe(1);
  });

  it('flags code evaluation and process modules, not only os', () => {
    for (const [m, n] of [['builtins', 'eval'], ['builtins', 'exec'], ['__builtin__', 'getattr'], ['subprocess', 'Popen'], ['runpy', '_run_code'], ['nt', 'system'], ['torch.hub', 'load'], ['os.path', 'join']]) {
      expect(scanPickle(callPickle0(m ?? '', n ?? '', 'x')).imports[0]?.verdict, `${m}.${n}`).toBe('dangerous');
    }
  });

  it('clears what torch.save writes for a state dict and lists an unknown import as unknown', () => {
    const r = scanPickle(torchStateDict());
    expect(r.problems).toEqual([]);
    expect(r.imports.map((i) => `${i.verdict} ${i.module}.${i.name}`)).toEqual([
      'safe collections.OrderedDict', 'safe torch._utils._rebuild_tensor_v2', 'safe torch.FloatStorage', 'safe collections.OrderedDict',
    ]);
    expect(verdicts(callPickle0('mypkg.models', 'Net', 'x'))).toEqual(['unknown mypkg.models.Net GLOBAL']);
  });

  it('reads every pickle of a legacy file and stops at the raw tensor bytes after them', () => {
    const benign = Buffer.concat([op.proto(2), op.binint1(7), op.stop]);
    const file = Buffer.concat([benign, benign, callPickle4('os', 'system', 'id'), Buffer.from([0xff, 0x00, 0x13, 0x37])]);
    const r = scanPickle(file);
    expect(r.pickles).toBe(3);
    expect(r.imports[0]).toMatchObject({ module: 'os', name: 'system', verdict: 'dangerous' });
  });

  it('reports what a static scan cannot resolve: STACK_GLOBAL on computed names, extension codes', () => {
    const computed = Buffer.concat([op.proto(4), op.emptyDict, shortUnicode('system'), op.stackGlobal, Buffer.from([0x30]), op.none, op.stop]);
    expect(scanPickle(computed).problems[0]).toMatch(/STACK_GLOBAL at offset \d+ imports a name that is not a constant string/);
    expect(scanPickle(Buffer.concat([op.proto(2), op.ext1(1), op.stop])).problems[0]).toMatch(/EXT1 .* copyreg extension registry/);
  });

  it('refuses truncated and malformed pickles with the offset', () => {
    expect(() => scanPickle(Buffer.from([0x80, 0x04, 0x8c, 0x10, 0x61]))).toThrow(/truncated pickle: SHORT_BINUNICODE at offset 4 needs 16 bytes/);
    expect(() => scanPickle(Buffer.from([0x80, 0x02, 0xfe]))).toThrow(/unknown opcode 0xfe at offset 2/);
    expect(() => scanPickle(Buffer.from([0x80, 0x02, 0x52]))).toThrow(/stack underflow at offset 2/);
    expect(() => scanPickle(Buffer.from([0x80, 0x04, 0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]))).toThrow(/exceeds the file/);
  });

  it('never executes, hangs or throws anything but a format error on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        try {
          scanPickle(Buffer.from(bytes));
        } catch (e) {
          expect(e).toBeInstanceOf(PickleFormatError);
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
