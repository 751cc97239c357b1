import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuardContext } from '../spec/guard.js';
import { remoteClassifier } from './remote-classifier.js';

/** Answers with whatever the test set in `reply`; keeps the last request's headers. */
let reply: { status: number; body: string } = { status: 200, body: '{"score":0.5}' };
let lastHeaders: IncomingHttpHeaders = {};
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    lastHeaders = req.headers;
    req.resume();
    req.on('end', () => {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function ctx(options: Record<string, unknown>): GuardContext<never> {
  return { stage: 'input', settings: { threshold: 0.5, options: remoteClassifier.options.parse(options) as never }, request: {} };
}

const scan = (options: Record<string, unknown>) => remoteClassifier.scan('hello', ctx(options), new AbortController().signal);

describe('remote-classifier', () => {
  it('reports the score under the label, or under `rule` without one', async () => {
    reply = { status: 200, body: '{"score":0.8,"label":"jailbreak"}' };
    expect(await scan({ url })).toMatchObject([{ ruleId: 'remote-classifier/jailbreak', score: 0.8, spans: [], redactable: false }]);
    reply = { status: 200, body: '{"score":0.2}' };
    expect(await scan({ url, rule: 'unsafe' })).toMatchObject([{ ruleId: 'remote-classifier/unsafe', score: 0.2 }]);
  });

  it('sends the bearer token named by api_key_env', async () => {
    reply = { status: 200, body: '{"score":0}' };
    process.env['WARDEN_TEST_CLASSIFIER_KEY'] = 'sekrit';
    await scan({ url, api_key_env: 'WARDEN_TEST_CLASSIFIER_KEY' });
    expect(lastHeaders.authorization).toBe('Bearer sekrit');
    delete process.env['WARDEN_TEST_CLASSIFIER_KEY'];
    await expect(scan({ url, api_key_env: 'WARDEN_TEST_CLASSIFIER_KEY' })).rejects.toThrow('WARDEN_TEST_CLASSIFIER_KEY (api_key_env) is not set');
  });

  it('rejects (so on_error decides) on an error status, a malformed answer or no url', async () => {
    reply = { status: 503, body: '{}' };
    await expect(scan({ url })).rejects.toThrow('classifier answered HTTP 503');
    reply = { status: 200, body: 'not json' };
    await expect(scan({ url })).rejects.toThrow('classifier answer is not JSON');
    reply = { status: 200, body: '{"score":7}' };
    await expect(scan({ url })).rejects.toThrow('classifier answer is not {"score": 0..1, "label"?: string}');
    await expect(scan({})).rejects.toThrow('no url configured');
  });
});
