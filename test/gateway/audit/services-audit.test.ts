import { describe, expect, it } from 'vitest';
import { clock, services, tempDir } from '../identity/helpers.js';
import { makeEntry } from './fixtures.js';

describe('gateway services: audit settings', () => {
  it('redact_at_rest stores the entry with PII and secrets replaced and the chain verifiable', async () => {
    const tmp = tempDir();
    const svc = await services(tmp.dir, { audit: { redact_at_rest: true } });
    await svc.audit.append(
      makeEntry(1, {
        request: { messages: [{ role: 'user', content: 'My card is 4111 1111 1111 1111 and token ghp_1234567890abcdefghijklmnopqrstuvwxyzAB' }] },
        output: 'Sure, emailing ops@example.com',
      }),
    );
    const rec = await svc.audit.get('req-1');
    const stored = JSON.stringify(rec);
    for (const secret of ['4111 1111 1111 1111', 'ghp_1234567890abcdefghijklmnopqrstuvwxyzAB', 'ops@example.com']) expect(stored).not.toContain(secret);
    expect(rec?.request.messages[0]?.content).toContain('My card is [CREDIT_CARD] and token [GITHUB_TOKEN]');
    expect(rec?.output).toContain('emailing [EMAIL_ADDRESS]');
    expect((await svc.audit.verify()).ok).toBe(true);
    await svc.close();
    tmp.dispose();
  });

  it('keeps benign text verbatim under redact_at_rest', async () => {
    const tmp = tempDir();
    const svc = await services(tmp.dir, { audit: { redact_at_rest: true } });
    const content = 'Please summarise these notes: version 2.4.1 shipped, order #12345 totals $99.50 for 3 items.';
    await svc.audit.append(makeEntry(1, { request: { messages: [{ role: 'user', content }] } }));
    expect((await svc.audit.get('req-1'))?.request.messages[0]?.content).toBe(content);
    await svc.close();
    tmp.dispose();
  });

  it('retention_days prunes old records at start and the chain still verifies', async () => {
    const tmp = tempDir();
    let svc = await services(tmp.dir);
    for (let i = 1; i <= 5; i++) await svc.audit.append(makeEntry(i, { ts: new Date(Date.UTC(2025, 0, i)).toISOString() }));
    await svc.close();
    const c = clock(Date.UTC(2025, 0, 13, 12));
    svc = await services(tmp.dir, { audit: { retention_days: 10 } }, { now: c.now });
    const left = await svc.audit.query({});
    expect(left.map((r) => r.requestId)).toEqual(['req-5', 'req-4']);
    expect(await svc.audit.verify()).toMatchObject({ ok: true, checked: 2 });
    await svc.close();
    tmp.dispose();
  });
});
