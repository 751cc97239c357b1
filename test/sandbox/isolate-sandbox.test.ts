/** JavaScript runs in an isolated-vm isolate: no host objects, no I/O, bounded time, heap and output. */
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';

const sandbox = createSandbox({ limits: { wallTimeMs: 15_000 } });

describe('JavaScript isolate', () => {
  it('returns the completion value (awaited) and console output, with the input as a copy', async () => {
    const r = await sandbox.run({ language: 'javascript', code: 'console.log("n is", input.n); console.error({ e: 1 }); Promise.resolve(input.n * 2)', input: { n: 21 } });
    expect(r).toMatchObject({ ok: true, result: 42, stdout: 'n is 21\n', stderr: '{"e":1}\n' });
  });

  it('has no require, process, network, timers or filesystem', async () => {
    const names = ['require', 'process', 'fetch', 'XMLHttpRequest', 'WebSocket', 'setTimeout', 'setInterval', 'Deno', 'Bun', 'module', 'global'];
    const r = await sandbox.run({ language: 'javascript', code: `${JSON.stringify(names)}.map((n) => typeof globalThis[n])` });
    expect(r).toMatchObject({ ok: true, result: names.map(() => 'undefined') });
    const escape = await sandbox.run({ language: 'javascript', code: 'this.constructor.constructor("return process")().env' });
    expect(escape).toMatchObject({ ok: false, code: 'sandbox_code_error' });
    expect(escape.ok ? '' : escape.message).toMatch(/process is not defined/);
  });

  it('stops an infinite loop, a heap over the memory limit and output over the output limit', async () => {
    const loop = await sandbox.run({ language: 'javascript', code: 'while (true) {}', limits: { cpuTimeMs: 500 } });
    expect(loop).toMatchObject({ ok: false, code: 'sandbox_timeout' });
    const mem = await sandbox.run({ language: 'javascript', code: 'const a = []; while (true) a.push(new Array(1e5).fill(1))', limits: { memoryBytes: 16 * 1024 * 1024 } });
    expect(mem).toMatchObject({ ok: false, code: 'sandbox_memory_limit' });
    const out = await sandbox.run({ language: 'javascript', code: 'while (true) console.log("x".repeat(1000))', limits: { outputBytes: 10_000 } });
    expect(out).toMatchObject({ ok: false, code: 'sandbox_output_limit' });
    const big = await sandbox.run({ language: 'javascript', code: '"x".repeat(20000)', limits: { outputBytes: 10_000 } });
    expect(big).toMatchObject({ ok: false, code: 'sandbox_output_limit' });
  });

  it('reports thrown errors and rejects bad requests without running them', async () => {
    expect(await sandbox.run({ language: 'javascript', code: 'throw new TypeError("bad")' })).toMatchObject({ ok: false, code: 'sandbox_code_error', message: 'TypeError: bad' });
    expect(await sandbox.run({ language: 'ruby' as 'sh', code: 'puts 1' })).toMatchObject({ ok: false, code: 'sandbox_invalid_request' });
    expect(await sandbox.run({ language: 'javascript', code: 'x'.repeat(200_000) })).toMatchObject({ ok: false, code: 'sandbox_invalid_request' });
  });

  it('a request may lower the limits, never raise them', async () => {
    const small = createSandbox({ limits: { cpuTimeMs: 300 } });
    expect(small.limits.cpuTimeMs).toBe(300);
    const r = await small.run({ language: 'javascript', code: 'while (true) {}', limits: { cpuTimeMs: 60_000 } });
    expect(r).toMatchObject({ ok: false, code: 'sandbox_timeout', message: 'stopped after 300 ms' });
  });
});
