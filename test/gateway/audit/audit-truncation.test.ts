/**
 * Regression (issue 11.3): removing the newest records, resetting sqlite_sequence or wiping the table
 * used to verify OK, because nothing outside the table remembered how long the chain was. The checkpoint
 * file is that witness; `warden audit verify` must name the truncation.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { services, tempDir } from '../identity/helpers.js';
import { makeEntry } from './fixtures.js';
import { runCli } from './run-cli.js';

const HMAC_ENV = `WARDEN_TEST_TRUNC_HMAC_${process.pid}`;

describe.each([
  ['sha256', { redact_at_rest: false }, [] as string[]],
  ['hmac-sha256', { redact_at_rest: false, hmac_key_env: HMAC_ENV }, ['--hmac-key-env', HMAC_ENV]],
])('audit truncation is detected (%s chain)', (_, auditCfg, verifyFlags) => {
  let tmp: ReturnType<typeof tempDir>;
  const sql = (q: string) => {
    const db = new Database(join(tmp.dir, 'audit.db'));
    db.exec(q);
    db.close();
  };
  /** A gateway session: appends entries from..to, then shuts down cleanly (which writes a checkpoint). */
  const session = async (from: number, to: number) => {
    const svc = await services(tmp.dir, { audit: auditCfg });
    for (let i = from; i <= to; i++) await svc.audit.append(makeEntry(i));
    await svc.close();
  };
  const verify = (...extra: string[]) => runCli(['audit', 'verify', '--data-dir', tmp.dir, ...verifyFlags, ...extra]);

  beforeEach(async () => {
    process.env[HMAC_ENV] = 'truncation-test-hmac-key-0123456789';
    tmp = tempDir();
    await session(1, 10);
  });
  afterEach(() => {
    delete process.env[HMAC_ENV];
    tmp.dispose();
  });

  it('an untouched log verifies against its checkpoint', async () => {
    const r = await verify();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/checkpoint #\d+ \(10 records, head [0-9a-f]{12}/);
  });

  it('newest records deleted, then as many appended (sqlite_sequence catches up)', async () => {
    sql('DELETE FROM audit WHERE seq > 7');
    await session(11, 13);
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/audit log truncated: checkpoint #\d+ covers 10 records with head [0-9a-f]{64}, but record 10 now has hash [0-9a-f]{64}/);
  });

  it('newest records deleted and sqlite_sequence reset', async () => {
    sql("DELETE FROM audit WHERE seq > 7; UPDATE sqlite_sequence SET seq = 7 WHERE name = 'audit'");
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/audit log truncated: checkpoint #\d+ covers 10 records with head [0-9a-f]{64}, the log now has 7/);
  });

  it('table wiped with its sequence', async () => {
    sql("DELETE FROM audit; DELETE FROM sqlite_sequence WHERE name = 'audit'");
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/audit log truncated: checkpoint #\d+ covers 10 records .*, the log now has 0/);
  });

  it('table wiped and the chain restarted from genesis', async () => {
    sql("DELETE FROM audit; DELETE FROM sqlite_sequence WHERE name = 'audit'");
    await session(20, 31);
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/audit log truncated: checkpoint #\d+ covers 10 records/);
  });

  it('a head held outside (--expect-count/--expect-head) catches a truncation the checkpoint file no longer shows', async () => {
    const head = JSON.parse((await runCli(['audit', 'head', '--json', '--data-dir', tmp.dir])).stdout) as { count: number; head: string };
    expect(head.count).toBe(10);
    sql("DELETE FROM audit WHERE seq > 7; UPDATE sqlite_sequence SET seq = 7 WHERE name = 'audit'");
    const r = await runCli(['audit', 'verify', '--data-dir', tmp.dir, '--checkpoints', join(tmp.dir, 'elsewhere'), ...verifyFlags, '--expect-count', '10', '--expect-head', head.head]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/audit log truncated: the expected head covers 10 records with head [0-9a-f]{64}, the log now has 7/);
    expect((await verify('--expect-count', '10', '--expect-head', head.head)).code).toBe(1);
  });
});
