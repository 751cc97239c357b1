import { afterEach, describe, expect, it } from 'vitest';
import { callHash } from '../../src/approvals/binding.js';
import { createApprovalService, isSelfApproval, type NewApproval } from '../../src/approvals/service.js';
import { sqliteApprovals } from './helpers.js';

const env: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const e of env.splice(0)) e.dispose();
});

function setup(opts: { ttlMs?: number } = {}) {
  const db = sqliteApprovals();
  env.push(db);
  return { db, svc: createApprovalService({ store: db.stores.approvals, ttlMs: opts.ttlMs, pollMs: 20 }) };
}

const call: NewApproval = {
  tenant: 'acme',
  requester: { keyId: 'agent-key', userId: 'alice' },
  tool: 'refund',
  args: { order: 'A-1', amount: 120 },
  reason: 'refunds over 100 need a human',
  ruleId: 'tools/refund/large',
};
const bob = { name: 'bob', via: 'cli' as const };

describe('approval service', () => {
  it('binds a request to the canonical arguments: key order does not matter, any changed value does', async () => {
    const { svc } = setup();
    const rec = await svc.request(call);
    expect(rec).toMatchObject({ status: 'pending', tool: 'refund', args: '{"amount":120,"order":"A-1"}', tenant: 'acme' });
    expect(rec.id).toMatch(/^apr_[A-Za-z0-9_-]{16}$/);
    expect(rec.argsHash).toBe(callHash('refund', { amount: 120, order: 'A-1' }));
    expect(rec.argsHash).not.toBe(callHash('refund', { amount: 121, order: 'A-1' }));
    expect(rec.argsHash).not.toBe(callHash('refund_all', { amount: 120, order: 'A-1' }));
  });

  it('never lets the requester decide its own call: same key, or the end user or key named as approver', async () => {
    const { svc } = setup();
    const rec = await svc.request(call);
    for (const by of [{ name: 'x', via: 'key' as const, keyId: 'agent-key' }, { name: 'alice', via: 'cli' as const }, { name: 'agent-key', via: 'admin-token' as const }]) {
      expect(isSelfApproval(rec.requester, by)).toBe(true);
      expect(await svc.decide(rec.id, { approve: true, by })).toMatchObject({ ok: false, code: 'self_approval' });
    }
    expect((await svc.get(rec.id))?.status).toBe('pending');
    expect(await svc.decide(rec.id, { approve: true, by: bob, reason: 'checked the order' })).toMatchObject({
      ok: true,
      record: { status: 'approved', decidedBy: bob, decisionReason: 'checked the order' },
    });
    expect(await svc.decide(rec.id, { approve: false, by: { name: 'carol', via: 'cli' } })).toMatchObject({ ok: false, code: 'not_pending' });
    expect(await svc.decide('apr_nope', { approve: true, by: bob })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('wakes a waiting caller with the decision made in this process', async () => {
    const { svc } = setup();
    const rec = await svc.request(call);
    const waiting = svc.waitFor(rec.id);
    await svc.decide(rec.id, { approve: false, by: bob, reason: 'wrong order' });
    expect(await waiting).toMatchObject({ id: rec.id, status: 'denied', decisionReason: 'wrong order' });
  });

  it('sees a decision made by another process on the same store (as the CLI makes it)', async () => {
    const { svc, db } = setup();
    const rec = await svc.request(call);
    const waiting = svc.waitFor(rec.id);
    const cli = createApprovalService({ store: db.reopen().approvals });
    expect((await cli.decide(rec.id, { approve: true, by: bob })).ok).toBe(true);
    expect(await waiting).toMatchObject({ status: 'approved', decidedBy: bob });
  });

  it('denies by expiry: the waiter learns `expired` and a late decision is refused', async () => {
    const { svc } = setup({ ttlMs: 30 });
    const rec = await svc.request(call);
    expect(await svc.waitFor(rec.id)).toMatchObject({ status: 'expired' });
    expect(await svc.decide(rec.id, { approve: true, by: bob })).toMatchObject({ ok: false, code: 'not_pending', record: { status: 'expired' } });
    expect(await svc.consume(rec.id, call.tool, call.args)).toBe(false);
  });

  it('stops waiting when the caller aborts', async () => {
    const { svc } = setup();
    const rec = await svc.request(call);
    const ctl = new AbortController();
    const waiting = svc.waitFor(rec.id, ctl.signal);
    ctl.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    await expect(svc.waitFor('apr_missing')).rejects.toThrow('No approval apr_missing');
  });

  it('runs an approved call once, and only with the arguments that were shown', async () => {
    const { svc } = setup();
    const rec = await svc.request(call);
    expect(await svc.consume(rec.id, call.tool, call.args)).toBe(false);
    await svc.decide(rec.id, { approve: true, by: bob });
    expect(await svc.consume(rec.id, call.tool, { order: 'A-1', amount: 9999 })).toBe(false);
    expect(await svc.consume(rec.id, 'refund_all', call.args)).toBe(false);
    expect(await svc.consume(rec.id, call.tool, { amount: 120, order: 'A-1' })).toBe(true);
    expect(await svc.consume(rec.id, call.tool, call.args)).toBe(false);
  });
});
