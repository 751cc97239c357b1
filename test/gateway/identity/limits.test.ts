import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Admission } from '../../../src/gateway/services.js';
import { createMemoryLimitStore } from '../../../src/store/memory-limits.js';
import { periodsAt } from '../../../src/gateway/limits/limiter.js';
import { limitStoreContract } from './limit-store-contract.js';
import { bearer, clock, createKey, req, services, tempDir } from './helpers.js';

function granted(a: Admission): Extract<Admission, { ok: true }> {
  if (!a.ok) throw new Error(`expected admission, got ${a.code}: ${a.message}`);
  return a;
}

limitStoreContract('memory', async () => createMemoryLimitStore());

describe('periodsAt', () => {
  it('names UTC day and month and the seconds until they roll over', () => {
    const p = periodsAt(Date.UTC(2025, 0, 31, 23, 59, 0));
    expect(p).toEqual({ day: 'd:2025-01-31', month: 'm:2025-01', dayEndsInSec: 60, monthEndsInSec: 60 });
  });
});

describe('gateway services: limits', () => {
  let tmp: ReturnType<typeof tempDir>;
  const c = clock();
  beforeEach(() => {
    tmp = tempDir();
    c.set(Date.UTC(2025, 0, 15, 12, 0, 0));
  });
  afterEach(() => tmp.dispose());

  it('rate-limits per key, per IP and per trusted end user with 429 and retryAfterSec', async () => {
    const svc = await services(tmp.dir, { limits: { per_key: { requests_per_minute: 3 }, per_ip: { requests_per_minute: 5 }, per_user: { requests_per_minute: 1 } } }, { now: c.now });
    const a = await createKey(tmp.dir, { tenant: 'acme' });
    const b = await createKey(tmp.dir, { tenant: 'acme', trustUserHeader: true });
    for (let i = 0; i < 3; i++) granted(await svc.admit(req(bearer(a.key))));
    const limited = await svc.admit(req(bearer(a.key)));
    expect(limited).toMatchObject({ ok: false, status: 429, code: 'rate_limited', retryAfterSec: 20 });
    // Key b from the same IP: 5 per IP, of which key a's 4 attempts used 4.
    granted(await svc.admit(req(bearer(b.key))));
    expect(await svc.admit(req(bearer(b.key)))).toMatchObject({ status: 429, code: 'rate_limited' });
    granted(await svc.admit(req({ ...bearer(b.key), 'x-warden-user': 'u1' }, { ip: '10.9.9.7' })));
    expect(await svc.admit(req({ ...bearer(b.key), 'x-warden-user': 'u1' }, { ip: '10.9.9.6' }))).toMatchObject({ status: 429, code: 'rate_limited' });
    c.advance(20_000);
    granted(await svc.admit(req(bearer(a.key), { ip: '10.1.1.1' })));
    await svc.close();
  });

  it('per-key limits stored with the key override the configured ones, field by field', async () => {
    const svc = await services(tmp.dir, { limits: { per_key: { requests_per_minute: 100, max_concurrency: 1 } } }, { now: c.now });
    const tight = await createKey(tmp.dir, { tenant: 'acme', limits: { requests_per_minute: 2 } });
    const loose = await createKey(tmp.dir, { tenant: 'acme', limits: { max_concurrency: 3, tokens_per_day: 50 } });
    granted(await svc.admit(req(bearer(tight.key)))).release();
    granted(await svc.admit(req(bearer(tight.key)))).release();
    expect(await svc.admit(req(bearer(tight.key)))).toMatchObject({ status: 429, code: 'rate_limited' });
    const held = [await svc.admit(req(bearer(loose.key))), await svc.admit(req(bearer(loose.key))), await svc.admit(req(bearer(loose.key)))];
    expect(held.every((a) => a.ok)).toBe(true);
    expect(await svc.admit(req(bearer(loose.key)))).toMatchObject({ code: 'concurrency_limit' });
    granted(held[0] as Admission).release({ promptTokens: 40, completionTokens: 20 });
    expect(await svc.admit(req(bearer(loose.key)))).toMatchObject({ code: 'token_budget_exceeded' });
    await svc.close();
  });

  it('refuses non-positive per-key limits when creating the key', async () => {
    await expect(createKey(tmp.dir, { tenant: 'acme', limits: { requests_per_minute: 0 } })).rejects.toThrow(/positive/);
  });

  it('limits requests per IP across keys', async () => {
    const svc = await services(tmp.dir, { limits: { per_ip: { requests_per_minute: 2 } } }, { now: c.now });
    const a = await createKey(tmp.dir, { tenant: 'acme' });
    const b = await createKey(tmp.dir, { tenant: 'globex' });
    granted(await svc.admit(req(bearer(a.key))));
    granted(await svc.admit(req(bearer(b.key))));
    expect(await svc.admit(req(bearer(b.key)))).toMatchObject({ status: 429, code: 'rate_limited' });
    granted(await svc.admit(req(bearer(b.key), { ip: '10.0.0.2' })));
    await svc.close();
  });

  it('enforces a daily token budget that survives a restart and resets the next day', async () => {
    const cfg = { limits: { per_key: { tokens_per_day: 100 } } };
    let svc = await services(tmp.dir, cfg, { now: c.now });
    const { key } = await createKey(tmp.dir, { tenant: 'acme' });
    granted(await svc.admit(req(bearer(key), { estimatedPromptTokens: 50 }))).release({ promptTokens: 60, completionTokens: 20 });
    expect(await svc.admit(req(bearer(key), { estimatedPromptTokens: 30 }))).toMatchObject({ status: 429, code: 'token_budget_exceeded', retryAfterSec: 12 * 3600 });
    granted(await svc.admit(req(bearer(key), { estimatedPromptTokens: 10 }))).release({ promptTokens: 15, completionTokens: 10 });
    await svc.close();
    svc = await services(tmp.dir, cfg, { now: c.now });
    expect(await svc.admit(req(bearer(key)))).toMatchObject({ status: 429, code: 'token_budget_exceeded' });
    c.advance(12 * 3600_000);
    granted(await svc.admit(req(bearer(key))));
    await svc.close();
  });

  it('enforces a monthly cost cap per tenant across its keys', async () => {
    const svc = await services(tmp.dir, { limits: { per_tenant: { cost_usd_per_month: 1 } } }, { now: c.now });
    const a = await createKey(tmp.dir, { tenant: 'acme' });
    const b = await createKey(tmp.dir, { tenant: 'acme' });
    const other = await createKey(tmp.dir, { tenant: 'globex' });
    granted(await svc.admit(req(bearer(a.key)))).release({ promptTokens: 1000, completionTokens: 1000, costUsd: 0.6 });
    granted(await svc.admit(req(bearer(b.key)))).release({ promptTokens: 1000, completionTokens: 1000, costUsd: 0.5 });
    const r = await svc.admit(req(bearer(b.key)));
    expect(r).toMatchObject({ status: 429, code: 'cost_cap_exceeded' });
    if (!r.ok) expect(r.message).toContain('acme');
    granted(await svc.admit(req(bearer(other.key))));
    await svc.close();
  });

  it('caps concurrent requests per key; release frees the slot exactly once', async () => {
    const svc = await services(tmp.dir, { limits: { per_key: { max_concurrency: 2 } } }, { now: c.now });
    const { key } = await createKey(tmp.dir, { tenant: 'acme' });
    const first = granted(await svc.admit(req(bearer(key))));
    granted(await svc.admit(req(bearer(key))));
    expect(await svc.admit(req(bearer(key)))).toMatchObject({ status: 429, code: 'concurrency_limit', retryAfterSec: 1 });
    first.release();
    first.release();
    granted(await svc.admit(req(bearer(key))));
    expect(await svc.admit(req(bearer(key)))).toMatchObject({ status: 429, code: 'concurrency_limit' });
    await svc.close();
  });
});
