import { describe, expect, it } from 'vitest';
import { createRunQueue } from '../../src/sandbox/run-queue.js';
import { createSandbox } from '../../src/sandbox/index.js';

describe('sandbox run queue', () => {
  it('admits at most max runs and wakes waiters in order', async () => {
    const q = createRunQueue(2);
    const a = await q.acquire();
    const b = await q.acquire();
    const order: string[] = [];
    const c = q.acquire().then((r) => (order.push('c'), r));
    const d = q.acquire().then((r) => (order.push('d'), r));
    expect([q.running, q.waiting]).toEqual([2, 2]);
    a?.();
    a?.(); // a second release of the same slot frees nothing more
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect([q.running, q.waiting]).toEqual([2, 1]);
    b?.();
    (await d)?.();
    releaseC?.();
    expect([q.running, q.waiting]).toEqual([0, 0]);
  });

  it('drops a waiter whose signal aborts', async () => {
    const q = createRunQueue(1);
    const first = await q.acquire();
    const ac = new AbortController();
    const waiting = q.acquire(ac.signal);
    ac.abort();
    expect(await waiting).toBeUndefined();
    expect(q.waiting).toBe(0);
    first?.();
    expect(q.running).toBe(0);
  });

  it('a run cancelled before it starts is sandbox_timeout and never runs', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await createSandbox().run({ language: 'javascript', code: '1', signal: ac.signal })).toMatchObject({ ok: false, code: 'sandbox_timeout', message: 'cancelled while waiting for a free slot' });
  });
});
