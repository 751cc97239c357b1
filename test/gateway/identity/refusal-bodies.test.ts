/**
 * The error bodies of refused calls, pinned byte for byte: the admin API, the tenant audit read and the
 * model API (OpenAI and Anthropic shapes) answer authentication and permission failures as they always have.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { asCli, createKey } from './helpers.js';

const ADMIN_ENV = `WARDEN_REFUSAL_ADMIN_${process.pid}`;
const TOKEN = 'admin-token-0123456789abcdef';
const MISSING_KEY = 'Missing API key: send "Authorization: Bearer <key>" or "x-api-key: <key>".';

describe('refusal bodies', () => {
  let gw: TestGateway;
  let dev: { key: string; id: string };
  let killed: { key: string; id: string };
  const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
    const res = await fetch(`${gw.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const chatBody = { model: 'gpt-test', messages: [{ role: 'user', content: 'Hello' }] };
  const messagesBody = { model: 'claude-test', max_tokens: 16, messages: [{ role: 'user', content: 'Hello' }] };

  beforeAll(async () => {
    gw = await startTestGateway({ gateway: { admin: { token_env: ADMIN_ENV } } });
    dev = await createKey(gw.dataDir, { tenant: 'acme' });
    killed = await createKey(gw.dataDir, { tenant: 'initech' });
    await asCli(gw.dataDir, (s) => s.killStore.set('tenant', 'initech', 'incident 7', new Date()));
  });
  afterAll(async () => {
    await gw.close();
    delete process.env[ADMIN_ENV];
  });

  it('admin API: disabled, then a wrong or missing admin token', async () => {
    delete process.env[ADMIN_ENV];
    expect(await call('GET', '/admin/keys', { authorization: `Bearer ${TOKEN}` })).toEqual({
      status: 403,
      body: { error: { message: `Admin API disabled: set the ${ADMIN_ENV} environment variable on the gateway.`, type: 'permission_error', code: 'admin_disabled' } },
    });
    process.env[ADMIN_ENV] = TOKEN;
    const invalid = { error: { message: 'Invalid or missing admin token (Authorization: Bearer <admin token>).', type: 'authentication_error', code: 'invalid_admin_token' } };
    expect(await call('GET', '/admin/keys', { authorization: 'Bearer wrong' })).toEqual({ status: 401, body: invalid });
    expect(await call('DELETE', '/admin/keys/k1')).toEqual({ status: 401, body: invalid });
    expect(await call('PUT', '/admin/kill-switches', {}, { scope: 'global' })).toEqual({ status: 401, body: invalid });
  });

  it('tenant audit read: no key, an unknown key, a key without the auditor role', async () => {
    expect(await call('GET', '/v1/audit')).toEqual({
      status: 401,
      body: { error: { message: MISSING_KEY, type: 'authentication_error', code: 'missing_api_key' } },
    });
    expect(await call('GET', '/v1/audit/x', { authorization: 'Bearer sk-not-ours' })).toEqual({
      status: 401,
      body: { error: { message: 'Invalid API key: expected a Warden key (wdn_...).', type: 'authentication_error', code: 'invalid_api_key' } },
    });
    expect(await call('GET', '/v1/audit', { authorization: `Bearer ${dev.key}` })).toEqual({
      status: 403,
      body: { error: { message: 'Reading audit records needs a key with the "auditor" role.', type: 'permission_error', code: 'permission_denied' } },
    });
  });

  it('model API: missing key and a killed tenant, in the OpenAI and the Anthropic shapes', async () => {
    expect(await call('POST', '/v1/chat/completions', {}, chatBody)).toEqual({
      status: 401,
      body: { error: { message: MISSING_KEY, type: 'authentication_error', code: 'missing_api_key', param: null } },
    });
    expect(await call('POST', '/v1/messages', {}, messagesBody)).toEqual({
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error', message: MISSING_KEY } },
    });
    expect(await call('POST', '/v1/chat/completions', { authorization: `Bearer ${killed.key}` }, chatBody)).toEqual({
      status: 403,
      body: { error: { message: 'Tenant initech disabled by kill switch: incident 7', type: 'permission_error', code: 'kill_switch_active', param: null } },
    });
    expect(await call('POST', '/v1/messages', { 'x-api-key': killed.key }, messagesBody)).toEqual({
      status: 403,
      body: { type: 'error', error: { type: 'permission_error', message: 'Tenant initech disabled by kill switch: incident 7' } },
    });
    expect(await call('GET', '/v1/models', { authorization: `Bearer ${dev.key}x` })).toEqual({
      status: 401,
      body: { error: { message: 'Invalid API key: no such Warden key. Create one with "warden keys create".', type: 'authentication_error', code: 'invalid_api_key', param: null } },
    });
  });
});
