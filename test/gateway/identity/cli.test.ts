import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { bearer, req, services, tempDir } from './helpers.js';

const run = (args: string[]) => runCli(...args);

describe('warden keys / kill CLI against a running gateway', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.dispose());

  it('creates a key printed once, lists it without the secret, and revokes it for the running gateway', async () => {
    const svc = await services(tmp.dir);
    const created = await run(['keys', 'create', '--tenant', 'acme', '--role', 'auditor', '--models', 'a,b', '--expires', '30d', '--name', 'ci', '--rpm', '60', '--data-dir', tmp.dir]);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^wdn_[0-9A-Za-z]{44}$/);
    expect(created.stderr).toContain('only time the key is shown');
    const admitted = await svc.admit(req(bearer(key), { model: 'a' }));
    expect(admitted).toMatchObject({ ok: true, identity: { tenant: 'acme', roles: ['auditor'], models: ['a', 'b'] } });
    const id = admitted.ok ? admitted.identity.keyId : '';

    const list = await run(['keys', 'list', '--json', '--data-dir', tmp.dir]);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ id, tenant: 'acme', name: 'ci', status: 'active', limits: { requests_per_minute: 60 } })]);
    expect(list.stdout).not.toContain(key.slice(4));

    expect((await run(['keys', 'revoke', id, '--data-dir', tmp.dir])).code).toBe(0);
    expect(await svc.admit(req(bearer(key)))).toMatchObject({ status: 401, code: 'key_revoked' });
    expect((await run(['keys', 'revoke', id, '--data-dir', tmp.dir])).code).toBe(1);
    await svc.close();
  });

  it('records CLI changes in the audit log, and warns (exit 0) when an HMAC-chained log has no key', async () => {
    const env = `WARDEN_TEST_CLI_HMAC_${process.pid}`;
    process.env[env] = 'cli-hmac-key-0123456789abcdef';
    const created = await run(['keys', 'create', '--tenant', 'acme', '--hmac-key-env', env, '--data-dir', tmp.dir]);
    expect(created.code).toBe(0);
    const exported = await run(['audit', 'export', '--data-dir', tmp.dir]);
    const rec = JSON.parse(exported.stdout.trim()) as { route: string; request: { params: Record<string, unknown> } };
    expect(rec.route).toBe('cli:keys create');
    expect(rec.request.params).toMatchObject({ operator: 'cli', change: 'key.create', key: { tenant: 'acme' } });
    expect(exported.stdout).not.toContain(created.stdout.trim().slice(4));
    const unkeyed = await run(['kill', 'set', '--scope', 'global', '--data-dir', tmp.dir]);
    expect(unkeyed.code).toBe(0);
    expect(unkeyed.stderr).toContain('warning: change applied but not written to the audit log');
    expect((await run(['kill', 'list', '--json', '--data-dir', tmp.dir])).stdout).toContain('global');
    expect((await run(['audit', 'verify', '--hmac-key-env', env, '--data-dir', tmp.dir])).code).toBe(0);
    delete process.env[env];
  });

  it('refuses bad input with exit 2 and a clear message', async () => {
    const noTenant = await run(['keys', 'create', '--data-dir', tmp.dir]);
    expect(noTenant.code).toBe(2);
    const badExpiry = await run(['keys', 'create', '--tenant', 'acme', '--expires', 'tomorrow', '--data-dir', tmp.dir]);
    expect(badExpiry.code).toBe(2);
    expect(badExpiry.stderr).toContain('invalid expiry');
    const badRpm = await run(['keys', 'create', '--tenant', 'acme', '--rpm', '-5', '--data-dir', tmp.dir]);
    expect(badRpm.code).toBe(2);
    const badScope = await run(['kill', 'set', '--scope', 'planet', '--data-dir', tmp.dir]);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toContain('expected one of global, tenant, key, model, tool');
    const missingId = await run(['kill', 'set', '--scope', 'tenant', '--data-dir', tmp.dir]);
    expect(missingId.stderr).toContain('needs --id');
  });

  it('sets, lists and clears kill switches seen by the running gateway on its next request', async () => {
    const svc = await services(tmp.dir);
    const key = (await run(['keys', 'create', '--tenant', 'acme', '--data-dir', tmp.dir])).stdout.trim();
    expect((await run(['kill', 'set', '--scope', 'global', '--reason', 'incident', '--data-dir', tmp.dir])).code).toBe(0);
    const blocked = await svc.admit(req(bearer(key)));
    expect(blocked).toMatchObject({ status: 503, code: 'kill_switch_active' });
    if (!blocked.ok) expect(blocked.message).toContain('incident');
    expect((await run(['kill', 'list', '--data-dir', tmp.dir])).stdout).toContain('global');
    expect((await run(['kill', 'clear', '--scope', 'global', '--data-dir', tmp.dir])).code).toBe(0);
    expect((await svc.admit(req(bearer(key)))).ok).toBe(true);
    expect((await run(['kill', 'clear', '--scope', 'global', '--data-dir', tmp.dir])).code).toBe(1);
    await svc.close();
  });
});
