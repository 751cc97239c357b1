/** `warden approvals` run as its own process against the data dir of running gateway services. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayServices } from '../../src/gateway/services.js';
import { services, tempDir } from '../gateway/identity/helpers.js';
import { runCli } from '../gateway/audit/run-cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = resolve(import.meta.dirname, 'cli-entry.ts');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd: ROOT, encoding: 'utf8' }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

const call = { tenant: 'acme', requester: { keyId: 'agentkey', userId: 'alice' }, tool: 'refund', args: { order: 'A-7', amount: 300 }, reason: 'refunds over 100 need a human' };

describe('warden approvals (CLI process)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let svc: GatewayServices;
  beforeEach(async () => {
    tmp = tempDir();
    svc = await services(tmp.dir, { approvals: { timeout_seconds: 600 } });
  });
  afterEach(async () => {
    await svc.close();
    tmp.dispose();
  });

  it('lists a held call, refuses the requester as approver, and an approval by someone else wakes the waiting gateway', async () => {
    const rec = await svc.approvals.request(call);
    const waiting = svc.approvals.waitFor(rec.id);
    const list = await cli(['approvals', 'list', '--data-dir', tmp.dir]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(rec.id);
    expect(list.stdout).toContain('args: {"amount":300,"order":"A-7"}');

    const self = await cli(['approvals', 'approve', rec.id, '--reason', 'mine', '--as', 'alice', '--data-dir', tmp.dir]);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('alice asked for this call and cannot decide it');

    const ok = await cli(['approvals', 'approve', rec.id, '--reason', 'order checked', '--as', 'bob', '--data-dir', tmp.dir]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`approved: ${rec.id} (refund) by bob`);
    expect(await waiting).toMatchObject({ status: 'approved', decidedBy: { name: 'bob', via: 'cli' }, decisionReason: 'order checked' });

    const again = await runCli(['approvals', 'deny', rec.id, '--reason', 'changed my mind', '--as', 'carol', '--data-dir', tmp.dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is approved; only a pending approval can be decided');

    const audit = (await runCli(['audit', 'export', '--data-dir', tmp.dir])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { route: string; request: { params: Record<string, unknown> } });
    expect(audit.map((r) => [r.route, r.request.params['approver'], r.request.params['refused']])).toEqual([
      ['cli:approvals approve', { name: 'alice', via: 'cli' }, 'self_approval'],
      ['cli:approvals approve', { name: 'bob', via: 'cli' }, undefined],
      ['cli:approvals deny', { name: 'carol', via: 'cli' }, 'not_pending'],
    ]);
    expect(audit[1]?.request.params).toMatchObject({ change: 'approval.approve', approval: rec.id, tool: 'refund', argsHash: rec.argsHash, reason: 'order checked' });
  }, 180_000);

  // In-process (the process boundary is covered above): each process start costs seconds on a loaded host.
  it('denies, shows, and reports unknown ids and bad flags with their exit codes', async () => {
    const rec = await svc.approvals.request(call);
    expect(JSON.parse((await runCli(['approvals', 'list', '--json', '--data-dir', tmp.dir])).stdout)).toEqual([expect.objectContaining({ id: rec.id, status: 'pending' })]);
    expect((await runCli(['approvals', 'deny', rec.id, '--as', 'bob', '--data-dir', tmp.dir])).code).toBe(2);
    const denied = await runCli(['approvals', 'deny', rec.id, '--reason', 'not this customer', '--as', 'bob', '--json', '--data-dir', tmp.dir]);
    expect(JSON.parse(denied.stdout)).toMatchObject({ id: rec.id, status: 'denied', decisionReason: 'not this customer' });
    const shown = await runCli(['approvals', 'show', rec.id, '--data-dir', tmp.dir]);
    expect(shown.stdout).toContain('decided by bob (cli)');
    expect((await runCli(['approvals', 'list', '--data-dir', tmp.dir])).stdout).toContain('no pending approvals');
    expect((await runCli(['approvals', 'list', '--status', 'denied', '--data-dir', tmp.dir])).stdout).toContain(rec.id);
    expect((await runCli(['approvals', 'list', '--status', 'maybe', '--data-dir', tmp.dir])).code).toBe(2);
    const missing = await runCli(['approvals', 'approve', 'apr_nope', '--reason', 'x', '--as', 'bob', '--data-dir', tmp.dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No approval apr_nope');
  });
});
