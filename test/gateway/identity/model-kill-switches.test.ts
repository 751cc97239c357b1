/** Model kill switches cannot be bypassed by an alias, another spelling of the name, or a routing rule. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_KEY, type TestGateway } from '../helpers/gateway.js';
import { asCli } from './helpers.js';

describe('model kill switches', () => {
  let gw: TestGateway;
  const chat = async (model: string, content = 'Hello there') => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      payload: { model, messages: [{ role: 'user', content }] },
    });
    return { status: res.statusCode, code: (res.json() as { error?: { code?: string } }).error?.code, id: res.headers['x-warden-request-id'] };
  };
  const kill = (id: string) => asCli(gw.dataDir, (s) => s.killStore.set('model', id, 'incident', new Date()));
  const clearAll = () => asCli(gw.dataDir, async (s) => Promise.all((await s.killStore.list()).map((k) => s.killStore.clear(k.scope, k.id))));

  beforeAll(async () => {
    gw = await startTestGateway({
      policy: { detectors: { pii: { stages: { input: { action: 'redact' } } } } },
      gateway: {
        default_upstream: 'fake',
        models: {
          'gpt-test': { upstream: 'fake', model: 'fake-model' },
          'gpt-test-2': { upstream: 'fake', model: 'fake-model' },
        },
        routing: [{ when: { entity_types: ['CREDIT_CARD'] }, upstream: 'fake', model: 'private-model' }],
      },
    });
  });
  afterAll(() => gw.close());
  beforeEach(() => {
    gw.fake.requests = [];
  });
  afterEach(clearAll);

  it('a switch on the upstream model stops every alias of it', async () => {
    await kill('fake-model');
    expect(await chat('gpt-test')).toMatchObject({ status: 503, code: 'kill_switch_active' });
    expect(await chat('gpt-test-2')).toMatchObject({ status: 503, code: 'kill_switch_active' });
    expect(await chat('fake-model')).toMatchObject({ status: 503, code: 'kill_switch_active' });
    expect(gw.fake.requests).toHaveLength(0);
  });

  it('a switch on an alias stops the model it names, however it is asked for', async () => {
    await kill('gpt-test');
    expect(await chat('gpt-test-2')).toMatchObject({ status: 503, code: 'kill_switch_active' });
    expect(await chat('fake-model')).toMatchObject({ status: 503, code: 'kill_switch_active' });
    expect(await chat('GPT-Test')).toMatchObject({ status: 503, code: 'kill_switch_active' });
    expect(gw.fake.requests).toHaveLength(0);
  });

  it('matches names after NFKC, trimming spaces and case folding, on both the switch and the request', async () => {
    await kill(' Mock-1 ');
    for (const name of ['mock-1', 'MOCK-1', ' mock-1', 'mock-1\u00a0', '\uff4d\uff4f\uff43\uff4b-1']) {
      expect(await chat(name), JSON.stringify(name)).toMatchObject({ status: 503, code: 'kill_switch_active' });
    }
    expect(gw.fake.requests).toHaveLength(0);
  });

  it('refuses model names with control or invisible format characters, tab included (400), and audits the refusal', async () => {
    for (const name of ['mock-1\u0000', 'mock-1\t', 'mock-1\u001b', 'mo\u200bck-1', 'mock-1\u202e', 'mock-1\u0085']) {
      const r = await chat(name);
      expect(r, JSON.stringify(name)).toMatchObject({ status: 400, code: 'invalid_model_name' });
      const rec = await gw.audit(r.id as string);
      expect(rec).toMatchObject({ status: 400, errorCode: 'invalid_model_name', identity: { keyId: 'open' } });
    }
    expect(gw.fake.requests).toHaveLength(0);
  });

  it('applies to the model a routing rule picks after the input scan', async () => {
    await kill('private-model');
    expect(await chat('gpt-test', 'Hello')).toMatchObject({ status: 200 });
    const routed = await chat('gpt-test', 'Charge card 4111 1111 1111 1111 please');
    expect(routed).toMatchObject({ status: 503, code: 'kill_switch_active' });
    expect(gw.fake.requests).toHaveLength(1);
    expect((await gw.audit(routed.id as string)).errorCode).toBe('kill_switch_active');
  });

  it('leaves other models alone', async () => {
    await kill('other-model');
    expect(await chat('gpt-test')).toMatchObject({ status: 200 });
    expect(await chat('mock-1')).toMatchObject({ status: 200 });
  });
});
