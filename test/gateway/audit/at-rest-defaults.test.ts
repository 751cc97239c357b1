/**
 * Regression (issue 11.5): the audit kept secrets and PII in clear by default in a world-readable audit.db.
 * Now redact_at_rest defaults on, the data dir is 0700 and its files 0600, and looser modes are tightened.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { replayRecord } from '../../../src/audit/replay.js';
import type { Finding } from '../../../src/spec/types.js';
import { cliChangeEntry } from '../../../src/gateway/admin-audit.js';
import { loadCliPolicy, wardenFor } from '../../../src/cli/load-policy.js';
import { services, tempDir } from '../identity/helpers.js';
import { makeEntry } from './fixtures.js';

const mode = (path: string) => statSync(path).mode & 0o777;
const SECRET_TEXT = 'Mail jane.doe@example.com the key AKIAIOSFODNN7EXAMPLE';
const EMAIL_FINDING: Finding = {
  detector: 'pii',
  ruleId: 'pii/email',
  stage: 'input',
  action: 'redact',
  mode: 'enforce',
  score: 1,
  spans: [{ start: 5, end: 25 }],
  evidence: ['j***@example.com'],
  entityType: 'EMAIL_ADDRESS',
  message: 'email address',
};

describe('audit data at rest', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.dispose());

  it('redacts PII and secrets by default, keeping findings and the chain', async () => {
    const svc = await services(tmp.dir);
    await svc.audit.append(makeEntry(1, { request: { messages: [{ role: 'user', content: SECRET_TEXT }] }, inputFindings: [EMAIL_FINDING], action: 'redact', decidingRule: 'pii/email' }));
    await svc.close();
    const db = new Database(join(tmp.dir, 'audit.db'), { readonly: true });
    const raw = db.prepare('SELECT entry FROM audit').pluck().all().join('\n');
    db.close();
    expect(raw).not.toContain('jane.doe@example.com');
    expect(raw).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(raw).toContain('[EMAIL_ADDRESS]');
    expect(raw).toContain('"redactedAtRest":true');
    expect(raw).toContain('"ruleId":"pii/email"');
  });

  it('leaves the gateway\'s own placeholders intact (AWS in [AWS_ACCESS_KEY_1] is not a name)', async () => {
    const svc = await services(tmp.dir);
    const rec = await svc.audit.append(makeEntry(1, { request: { messages: [{ role: 'user', content: 'stop at [AWS_ACCESS_KEY_1] or jane.doe@example.com' }] } }));
    expect(rec.request.messages[0]?.content).toBe('stop at [AWS_ACCESS_KEY_1] or [EMAIL_ADDRESS]');
    await svc.close();
  });

  it('keeps raw content with redact_at_rest: false, and operator records verbatim either way', async () => {
    const svc = await services(tmp.dir, { audit: { redact_at_rest: false } });
    const rec = await svc.audit.append(makeEntry(1, { request: { messages: [{ role: 'user', content: SECRET_TEXT }] } }));
    expect(rec.request.messages[0]?.content).toBe(SECRET_TEXT);
    expect(rec.redactedAtRest).toBeUndefined();
    await svc.close();
    const redacting = await services(tmp.dir);
    const change = { change: 'key.create', key: { id: 'k46PX8ur7zIC', tenant: 'umbrella', createdAt: '2026-01-02T03:04:05.000Z' } };
    const op = await redacting.audit.append(cliChangeEntry('r-2', 'cli:keys create', change, new Date()));
    expect(op.request.params).toEqual({ operator: 'cli', ...change });
    expect((await redacting.audit.verify()).ok).toBe(true);
    await redacting.close();
  });

  it('replay of a redacted record lists the findings it can no longer check instead of reporting a change', async () => {
    const svc = await services(tmp.dir);
    const rec = await svc.audit.append(makeEntry(1, { request: { messages: [{ role: 'user', content: 'Mail jane.doe@example.com today' }] }, inputFindings: [EMAIL_FINDING], action: 'redact', decidingRule: 'pii/email', output: null }));
    await svc.close();
    const report = replayRecord(rec, wardenFor(loadCliPolicy(undefined)));
    expect(report.redacted).toEqual([expect.objectContaining({ ruleId: 'pii/email' })]);
    expect(report.removed).toEqual([]);
    expect(report.changed).toBe(false);
  });

  it('creates the data dir 0700 and its databases, WAL files, checkpoints and pepper 0600', async () => {
    const dir = join(tmp.dir, 'data');
    const svc = await services(dir);
    await svc.audit.append(makeEntry(1));
    await svc.close();
    expect(mode(dir)).toBe(0o700);
    for (const f of ['warden.db', 'audit.db', 'audit.checkpoints', 'key-pepper']) expect([f, mode(join(dir, f))]).toEqual([f, 0o600]);
    const again = await services(dir);
    await again.audit.append(makeEntry(2));
    for (const f of ['audit.db-wal', 'audit.db-shm', 'warden.db-wal']) expect([f, mode(join(dir, f))]).toEqual([f, 0o600]);
    await again.close();
  });

  it('tightens an existing world-readable data dir on start and says so', async () => {
    const dir = join(tmp.dir, 'data');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    for (const f of ['audit.db', 'warden.db', 'audit.checkpoints']) {
      closeSync(openSync(join(dir, f), 'w'));
      chmodSync(join(dir, f), 0o644);
    }
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
    try {
      const svc = await services(dir);
      await svc.close();
    } finally {
      spy.mockRestore();
    }
    expect(mode(dir)).toBe(0o700);
    for (const f of ['audit.db', 'warden.db', 'audit.checkpoints']) expect([f, mode(join(dir, f))]).toEqual([f, 0o600]);
    expect(stderr).toContain(`warden: tightened permissions of ${dir} from 0755 to 0700`);
    expect(stderr).toContain(`warden: tightened permissions of ${join(dir, 'audit.db')} from 0644 to 0600`);
  });
});
