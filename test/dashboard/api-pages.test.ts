/** Dashboard API behind the pages: red-team reports from a directory, the policy and its candidate check, try it, overview. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../gateway/helpers/gateway.js';
import { ADMIN_TOKEN, ATTACK, chat, signIn, startDashboardGateway, tenantKey, type DashSession } from './helpers.js';

describe('dashboard pages API', () => {
  let gw: TestGateway;
  let admin: DashSession;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'warden-reports-'));
    gw = await startDashboardGateway({ dashboard: { reports_dir: join(dir, 'reports') } });
    admin = await signIn(gw.app, { token: ADMIN_TOKEN });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says none yet without a reports directory, then lists and opens the JSON reports in it', async () => {
    expect((await admin.call('GET', '/reports')).body).toMatchObject({ exists: false, reports: [] });
    mkdirSync(join(dir, 'reports'));
    writeFileSync(join(dir, 'reports', 'run.json'), JSON.stringify({ format: 'warden-redteam-report/1', summary: { overall: { asr: 0.25 } } }));
    writeFileSync(join(dir, 'reports', 'broken.json'), '{ not json');
    writeFileSync(join(dir, 'reports', 'notes.txt'), 'not a report');
    const list = await admin.call('GET', '/reports');
    expect((list.body.reports as Array<{ file: string }>).map((r) => r.file).sort()).toEqual(['broken.json', 'run.json']);
    expect((await admin.call('GET', '/reports/run.json')).body).toMatchObject({ file: 'run.json', report: { summary: { overall: { asr: 0.25 } } } });
    expect((await admin.call('GET', '/reports/broken.json')).body).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await admin.call('GET', '/reports/notes.txt')).status).toBe(400);
    expect((await admin.call('GET', '/reports/..%2F..%2Fetc%2Fpasswd.json')).status).toBe(400);
    expect((await admin.call('GET', '/reports/missing.json')).status).toBe(404);
  });

  it('shows the policy in force and checks a candidate with positioned errors, never applying it', async () => {
    const pol = await admin.call('GET', '/policy');
    expect(pol.body).toMatchObject({ disk: null, document: { detectors: expect.any(Object) } });
    const bad = await admin.call('POST', '/policy/check', { yaml: 'version: 1\ndetectors:\n  pii:\n    threshold: 7\n' });
    expect(bad.body).toMatchObject({ ok: false, issues: [{ line: 4, path: 'detectors.pii.threshold' }] });
    expect((await admin.call('POST', '/policy/check', { yaml: 'version: 1\nextends: default\n' })).body).toEqual({ ok: true });
    expect((await admin.call('POST', '/try', { text: ATTACK })).body).toMatchObject({ action: 'block', decidingRule: expect.stringMatching(/^prompt-injection\//) });
  });

  it('computes the overview from the audit log over the chosen window', async () => {
    const key = await tenantKey(gw, 'acme');
    await chat(gw, key, ATTACK);
    await chat(gw, key, 'What is the capital of Portugal?');
    const ov = await admin.call('GET', '/overview?window=15m');
    expect(ov.body).toMatchObject({ window: '15m', requests: 2, blocked: 1, blockRate: 0.5, capped: false });
    expect((ov.body.topRules as Array<{ name: string }>)[0]?.name).toMatch(/^prompt-injection\//);
    expect(ov.body.breakers).toEqual(expect.arrayContaining([expect.objectContaining({ upstream: 'demo', state: 'closed' })]));
    expect((ov.body.buckets as { total: number[] }).total.reduce((a, b) => a + b, 0)).toBe(2);
    expect((await admin.call('GET', '/overview?window=2y')).status).toBe(400);
  });
});
