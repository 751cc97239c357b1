/** Provider keys stay inside the gateway: sent only to the provider, never logged, echoed or forwarded. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './helpers/fake-upstream.js';
import { startTestGateway, TEST_KEY, type TestGateway } from './helpers/gateway.js';

const PROVIDER_KEY = 'sk-provider-env-7c1d2e3f4a5b6c7d';
const FILE_KEY = 'sk-provider-file-0a9b8c7d6e5f4a3b';

let provider: FakeUpstream;
let gw: TestGateway;
let client: OpenAI;
const logs: string[] = [];

beforeAll(async () => {
  process.env.WARDEN_TEST_PROVIDER_KEY = PROVIDER_KEY;
  const keyFile = join(mkdtempSync(join(tmpdir(), 'warden-key-')), 'key');
  writeFileSync(keyFile, `${FILE_KEY}\n`);
  provider = await startFakeUpstream();
  gw = await startTestGateway({
    logStream: { write: (line) => void logs.push(line) },
    gateway: {
      log_level: 'debug',
      upstreams: {
        fake: { type: 'openai-compatible', base_url: `${provider.url}/v1`, api_key_env: 'WARDEN_TEST_PROVIDER_KEY' },
        claude: { type: 'anthropic', base_url: provider.url, api_key_file: keyFile },
        down: { type: 'openai', base_url: 'http://127.0.0.1:1/v1', api_key_env: 'WARDEN_TEST_PROVIDER_KEY' },
      },
      models: {
        'gpt-test': { upstream: 'fake', model: 'fake-model' },
        'claude-test': { upstream: 'claude', model: 'claude-fake' },
        'down-test': { upstream: 'down', model: 'x' },
      },
    },
  });
  client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: TEST_KEY, maxRetries: 0 });
});
afterAll(async () => {
  delete process.env.WARDEN_TEST_PROVIDER_KEY;
  await gw.close();
  await provider.close();
});

describe('provider credentials', () => {
  it('sends the provider key from env (OpenAI) or file (Anthropic) upstream, never the client key', async () => {
    await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
    await client.chat.completions.create({ model: 'claude-test', messages: [{ role: 'user', content: 'hi' }] });
    const [openaiReq, anthropicReq] = provider.requests;
    expect(openaiReq?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(anthropicReq?.headers['x-api-key']).toBe(FILE_KEY);
    expect(JSON.stringify(provider.requests.map((r) => r.headers))).not.toContain(TEST_KEY);
  });

  it('never logs or echoes client or provider keys, even when the provider is unreachable', async () => {
    const err = await client.chat.completions.create({ model: 'down-test', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, code: 'upstream_error' });
    const all = logs.join('');
    expect(all).toContain('"level":');
    for (const secret of [TEST_KEY, PROVIDER_KEY, FILE_KEY]) {
      expect(all).not.toContain(secret);
      expect((err as Error).message).not.toContain(secret);
    }
  });
});
