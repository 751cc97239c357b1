/**
 * `warden report` on a seeded audit log: each framework's JSON figures, the gaps it names, a tampered log's
 * failed verification, the HTML rendered in Chromium (sections present, hostile text inert, nothing loaded) and
 * the PDF printed by Chromium.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../../scripts/dashboard/browser.js';
import type { ComplianceReport, FrameworkId } from '../../src/compliance/index.js';
import { reportWindow } from '../../src/cli/commands/report.js';
import { tempDir } from '../gateway/identity/helpers.js';
import { runCli } from '../gateway/audit/run-cli.js';
import { HOSTILE_APPROVER, seedAuditLog, WINDOW } from './seed.js';

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium && process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${CHROMIUM_PATH}`);
if (!hasChromium) process.stderr.write(`skipping compliance report browser tests: no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)\n`);

const window = ['--from', WINDOW.from, '--to', WINDOW.to];

describe('warden report', () => {
  let tmp: ReturnType<typeof tempDir>;
  const report = async (framework: FrameworkId, ...extra: string[]) => {
    const r = await runCli(['report', '--framework', framework, ...window, '--format', 'json', '--data-dir', tmp.dir, ...extra]);
    return { ...r, json: JSON.parse(r.stdout) as ComplianceReport };
  };
  const control = (r: ComplianceReport, id: string) => r.controls.find((c) => c.id === id);

  beforeAll(async () => {
    tmp = tempDir();
    await seedAuditLog(tmp.dir);
    // One live key in the key store, so authentication is configured (its own audit record falls outside the window).
    expect((await runCli(['keys', 'create', '--tenant', 'acme', '--data-dir', tmp.dir])).code).toBe(0);
  });
  afterAll(() => tmp.dispose());

  it('counts the window evidence: PAN blocked, PHI redacted, an approval with its approver, a rotation, kill switches', async () => {
    const { code, json } = await report('hipaa', '--policy', 'hipaa');
    expect(code).toBe(0);
    const ev = json.evidence;
    expect(ev.records).toBe(10);
    expect(ev.requests).toBe(4);
    expect(ev.pan).toEqual({ blocked: 1, redacted: 0, outbound: 1 });
    expect(ev.phi).toEqual({ blocked: 0, redacted: 2, outbound: 0 });
    expect(ev.findings).toEqual([
      { ruleId: 'pii/credit-card', stage: 'output', action: 'block', count: 1 },
      { ruleId: 'pii/person', stage: 'input', action: 'redact', count: 1 },
      { ruleId: 'pii/us-ssn', stage: 'input', action: 'redact', count: 1 },
    ]);
    expect(ev.approvals).toEqual([
      expect.objectContaining({ approval: 'apr_1', decision: 'approve', approver: HOSTILE_APPROVER, via: 'cli', tool: 'refund' }),
      expect.objectContaining({ approval: 'apr_2', approver: 'mallory', refused: 'self_approval' }),
    ]);
    expect(ev.callsHeld).toBe(1);
    expect(ev.rotations).toEqual([{ tenant: 'acme', oldKey: 'wk_acme1', newKey: 'wk_acme2', createdAt: '2026-01-10T09:00:00.000Z', revokedAt: '2026-01-10T09:30:00.000Z' }]);
    expect(ev.killSwitches.map((k) => [k.event, k.scope, k.id])).toEqual([['set', 'tenant', 'globex'], ['clear', 'tenant', 'globex']]);
    expect(ev.killRefusals).toBe(1);
    expect(ev.admin).toEqual({ total: 6, refused: 0, byInterface: { cli: 6 } });
    expect(ev.chain).toMatchObject({ ok: true, checked: 13 });
  });

  it('hipaa: the hipaa preset meets the PHI controls; no HMAC key and no tool policy are gaps with what to change', async () => {
    const { json } = await report('hipaa', '--policy', 'hipaa');
    expect(json.framework.id).toBe('hipaa');
    expect(control(json, '164.502(b)')?.status).toBe('met');
    expect(control(json, '164.312(b)')?.status).toBe('met');
    expect(control(json, '164.312(c)(1)')).toMatchObject({ status: 'not_configured', gaps: [expect.stringContaining('gateway.audit.hmac_key_env')] });
    expect(control(json, '164.308(a)(4)')).toMatchObject({
      status: 'not_configured',
      evidence: [{ kind: 'approval-decisions', ok: true, detail: `1 decision by ${HOSTILE_APPROVER}, 1 refused; 1 tool call held for approval` }],
    });
    expect(json.summary.controls).toBe(json.controls.length);
    // The default policy only flags personal data on input: the same log under it leaves minimum-necessary open.
    const dflt = (await report('hipaa')).json;
    expect(control(dflt, '164.502(b)')).toMatchObject({ status: 'not_configured', gaps: [expect.stringContaining('hipaa preset')] });
  });

  it('pci-dss: PAN controls met under the pci-dss preset, the rotation evidences 8.6.3', async () => {
    const { json } = await report('pci-dss', '--policy', 'pci-dss');
    expect(control(json, '3.4.1')).toMatchObject({ status: 'met', evidence: [expect.objectContaining({ detail: expect.stringContaining('1 blocked') })] });
    expect(control(json, '3.3.1')?.status).toBe('met');
    expect(control(json, '8.6.3')).toMatchObject({ status: 'met', evidence: expect.arrayContaining([expect.objectContaining({ kind: 'key-rotations', ok: true })]) });
    expect(control(json, '10.2.1.2')?.status).toBe('met');
    expect(control(json, '10.5.1')?.status).toBe('met');
  });

  it('gdpr: storage limitation is a gap until a retention period is configured', async () => {
    const { json } = await report('gdpr', '--policy', 'gdpr');
    expect(control(json, 'Art. 5(1)(c)')?.status).toBe('met');
    expect(control(json, 'Art. 5(1)(e)')).toMatchObject({ status: 'not_configured', gaps: [expect.stringContaining('retention_days')] });
    const cfg = join(tmp.dir, 'warden.yaml');
    writeFileSync(cfg, `version: 1\nextends: gdpr\ngateway:\n  data_dir: ${JSON.stringify(tmp.dir)}\n  audit:\n    retention_days: 400\n`);
    const withRetention = (await runCli(['report', '--framework', 'gdpr', ...window, '--format', 'json', '--config', cfg])).stdout;
    const configured = JSON.parse(withRetention) as ComplianceReport;
    expect(control(configured, 'Art. 5(1)(e)')?.status).toBe('met');
    expect(configured.configuration.find((f) => f.id === 'retention-limited')?.detail).toContain('400 days');
  });

  it('soc2: access provisioning evidenced by key events; an empty window has no evidence', async () => {
    const { json } = await report('soc2');
    expect(control(json, 'CC6.2')?.status).toBe('met');
    const empty = JSON.parse((await runCli(['report', '--framework', 'soc2', '--from', '2024-01-01', '--to', '2024-01-31', '--format', 'json', '--data-dir', tmp.dir])).stdout) as ComplianceReport;
    expect(empty.evidence.records).toBe(0);
    expect(control(empty, 'CC7.2')).toMatchObject({ status: 'no_evidence', gaps: [expect.stringContaining('no audit records in the window')] });
  });

  it('reads a bare --to date as the whole day and refuses a window that ends before it starts', async () => {
    expect(reportWindow('2026-01-01', '2026-01-31').to.toISOString()).toBe('2026-01-31T23:59:59.999Z');
    const r = await runCli(['report', '--framework', 'soc2', '--from', '2026-02-01', '--to', '2026-01-01', '--data-dir', tmp.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is before --from');
  });

  it('names what is missing when no Chromium exists for a PDF, and suggests html', async () => {
    const r = await runCli(['report', '--framework', 'hipaa', ...window, '--format', 'pdf', '--out', join(tmp.dir, 'x.pdf'), '--chromium', '/nonexistent/chromium', '--data-dir', tmp.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no Chromium at /nonexistent/chromium');
    expect(r.stderr).toContain('--format html');
    expect(existsSync(join(tmp.dir, 'x.pdf'))).toBe(false);
  });

  describe.skipIf(!hasChromium)('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('renders the HTML report with its sections, hostile values inert and nothing loaded from outside', async () => {
      const file = join(tmp.dir, 'hipaa.html');
      expect((await runCli(['report', '--framework', 'hipaa', ...window, '--policy', 'hipaa', '--out', file, '--data-dir', tmp.dir])).code).toBe(0);
      const page = await browser.newPage();
      page.setDefaultTimeout(5000);
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${file}`);
      for (const id of ['summary', 'controls', 'gaps', 'configuration', 'evidence', 'chain']) expect(await page.locator(`section#${id} h2`).count(), id).toBe(1);
      expect(await page.locator('h1').textContent()).toBe('HIPAA compliance report, 2026-01-01 to 2026-01-31');
      expect(await page.locator('section#controls tbody tr').count()).toBe(10);
      expect(await page.locator('#control-164-312-c-1 .status').textContent()).toBe('not configured');
      expect(await page.locator('section#chain').textContent()).toContain('OK: 13 records verified');
      expect(await page.locator('#approvals + p + table td', { hasText: 'alice' }).textContent()).toBe(HOSTILE_APPROVER);
      expect(await page.locator('section#evidence img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('section#gaps').textContent()).toContain('gateway.audit.hmac_key_env');
      expect(requests).toEqual([`file://${file}`]);
      await page.close();
    });

    it('prints a PDF with the system Chromium', async () => {
      const file = join(tmp.dir, 'pci.pdf');
      const r = await runCli(['report', '--framework', 'pci-dss', ...window, '--format', 'pdf', '--out', file, '--chromium', CHROMIUM_PATH, '--data-dir', tmp.dir]);
      expect(r.code).toBe(0);
      const pdf = readFileSync(file);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
    });
  });
});

describe('warden report on a tampered audit log', () => {
  let tmp: ReturnType<typeof tempDir>;
  const run = (...extra: string[]) => runCli(['report', '--framework', 'hipaa', ...window, '--policy', 'hipaa', '--data-dir', tmp.dir, ...extra]);

  beforeAll(async () => {
    tmp = tempDir();
    await seedAuditLog(tmp.dir);
    // The PAN block of seq 2 rewritten into a success, directly in SQLite.
    const db = new Database(join(tmp.dir, 'audit.db'));
    db.exec(`UPDATE audit SET entry = json_set(entry, '$.status', 200) WHERE seq = 2`);
    db.close();
  });
  afterAll(() => tmp.dispose());

  it('reports the chain verification failure in JSON, fails the controls that rest on it, and exits 1', async () => {
    const r = await run('--format', 'json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as ComplianceReport;
    expect(json.evidence.chain).toMatchObject({ ok: false, checked: 12, altered: [2] });
    expect(json.controls.find((c) => c.id === '164.312(b)')).toMatchObject({ status: 'failed', gaps: [expect.stringContaining('does not verify')] });
    expect(json.summary.failed).toBe(2);
  });

  it.skipIf(!hasChromium)('shows the failure in the HTML rendered in Chromium', async () => {
    const file = join(tmp.dir, 'tampered.html');
    expect((await run('--out', file)).code).toBe(1);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(5000);
      await page.goto(`file://${file}`);
      expect(await page.locator('section#chain .chain-failed').textContent()).toBe('FAILED: 12 records checked; altered seq 2');
      expect(await page.locator('#control-164-312-b .status').textContent()).toBe('failed');
      expect(await page.locator('section#summary').textContent()).toContain('FAILED');
    } finally {
      await browser.close();
    }
  });
});
