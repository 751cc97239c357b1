import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanModelPath, type FileScan } from '../../src/assurance/model-scan.js';
import { callPickle4, gguf, safetensors, torchStateDict, zip } from './craft.js';

const dir = mkdtempSync(join(tmpdir(), 'warden-model-scan-'));

async function scanOne(name: string, bytes: Buffer): Promise<FileScan> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const [r] = await scanModelPath(path);
  if (r === undefined) throw new Error('no result');
  return r;
}

const tensor = (offsets: [number, number], shape = [2, 2], dtype = 'F32'): Record<string, unknown> => ({ dtype, shape, data_offsets: offsets });

describe('zipped PyTorch checkpoints', () => {
  it('clears a state dict and flags a checkpoint whose data.pkl runs a command', async () => {
    const good = await scanOne('good.pt', zip([{ name: 'archive/data.pkl', data: torchStateDict(), deflate: true }, { name: 'archive/data/0', data: Buffer.alloc(16) }]));
    expect(good).toMatchObject({ format: 'pytorch-zip', verdict: 'clean', problems: [] });
    const evil = await scanOne('evil.pt', zip([{ name: 'archive/data.pkl', data: callPickle4('subprocess', 'check_output', 'id') }]));
    expect(evil.verdict).toBe('dangerous');
    expect(evil.imports[0]).toMatchObject({ module: 'subprocess', name: 'check_output', opcode: 'archive/data.pkl: STACK_GLOBAL' });
  });

  it('refuses a zip bomb by its ratio before inflating it, and a member that lies about its size', async () => {
    const bomb = await scanOne('bomb.pt', zip([{ name: 'archive/data.pkl', data: Buffer.alloc(20 * 1024 * 1024), deflate: true }]));
    expect(bomb.verdict).toBe('unreadable');
    expect(bomb.problems[0]).toMatch(/compression ratio \d+:1 looks like a zip bomb/);
    const liar = await scanOne('liar.pt', zip([{ name: 'archive/data.pkl', data: torchStateDict(), deflate: true, claimedSize: 10 }]));
    expect(liar.verdict).toBe('unreadable');
  });

  it('never clears a truncated archive or one without a pickle', async () => {
    const full = zip([{ name: 'archive/data.pkl', data: torchStateDict() }]);
    expect((await scanOne('cut.pt', full.subarray(0, full.length - 30))).verdict).toBe('unreadable');
    expect((await scanOne('nopkl.pt', zip([{ name: 'weights/0', data: Buffer.alloc(8) }]))).verdict).toBe('dangerous');
  });
});

describe('safetensors headers', () => {
  it('accepts a well-formed file', async () => {
    const r = await scanOne('ok.safetensors', safetensors({ __metadata__: { format: 'pt' }, a: tensor([0, 16]), b: tensor([16, 24], [2], 'F32') }, 24));
    expect(r).toMatchObject({ format: 'safetensors', verdict: 'clean', problems: [] });
  });

  it('names offsets past the data, overlaps, size mismatches, unknown dtypes and oversized headers', async () => {
    const past = await scanOne('past.safetensors', safetensors({ a: tensor([0, 16]) }, 8));
    expect(past.problems.join('\n')).toMatch(/tensors end at byte 16 of the data section, which has 8/);
    const overlap = await scanOne('overlap.safetensors', safetensors({ a: tensor([0, 16]), b: tensor([8, 24]) }, 24));
    expect(overlap.problems.join('\n')).toMatch(/overlaps the previous tensor/);
    const size = await scanOne('size.safetensors', safetensors({ a: tensor([0, 12]) }, 12));
    expect(size.problems.join('\n')).toMatch(/F32 \[2,2\] needs 16 bytes, data_offsets give 12/);
    const dtype = await scanOne('dtype.safetensors', safetensors({ a: tensor([0, 16], [2, 2], 'EVIL') }, 16));
    expect(dtype.problems.join('\n')).toMatch(/unknown dtype "EVIL"/);
    const huge = await scanOne('huge.safetensors', safetensors({}, 0, 1n << 40n));
    expect(huge.problems.join('\n')).toMatch(/exceeds the format's 100000000-byte limit/);
    for (const r of [past, overlap, size, dtype, huge]) expect(r.verdict).toBe('dangerous');
  });
});

describe('GGUF metadata', () => {
  it('reads a well-formed header', async () => {
    const r = await scanOne('ok.gguf', gguf({ 'general.architecture': 'llama', 'tokenizer.chat_template': '{% for m in messages %}{{ m.content }}{% endfor %}' }));
    expect(r).toMatchObject({ format: 'gguf', verdict: 'clean' });
  });

  it('flags a chat template that reaches Python internals', async () => {
    const r = await scanOne('ssti.gguf', gguf({ 'tokenizer.chat_template': "{{ ''.__class__.__mro__[1].__subclasses__() }}" }));
    expect(r.verdict).toBe('dangerous');
    expect(r.problems[0]).toMatch(/tokenizer.chat_template reaches Python internals/);
  });

  it('refuses an array longer than the file without allocating it, and a truncated header', async () => {
    const huge = await scanOne('array.gguf', gguf({}, { arrayCount: 1n << 60n }));
    expect(huge).toMatchObject({ verdict: 'unreadable' });
    expect(huge.problems[0]).toMatch(/array of \d+ items is longer than the file/);
    const whole = gguf({ 'general.name': 'x'.repeat(100) });
    expect((await scanOne('cut.gguf', whole.subarray(0, 60))).verdict).toBe('unreadable');
  });
});

describe('scanning a directory', () => {
  it('walks it, skips files that are not models and does not follow symlinks', async () => {
    const d = mkdtempSync(join(tmpdir(), 'warden-model-dir-'));
    writeFileSync(join(d, 'README.md'), '# model');
    writeFileSync(join(d, 'model.bin'), callPickle4('os', 'system', 'id'));
    const all = await scanModelPath(d);
    expect(all.map((f) => [f.path.slice(d.length + 1), f.verdict])).toEqual([['README.md', 'skipped'], ['model.bin', 'dangerous']]);
  });
});
