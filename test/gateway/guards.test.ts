/**
 * The async guard tier through the gateway: the real remote-classifier guard against a classifier service
 * started here, blocking, failing closed on timeout, and cancelled with the client's request.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_KEY, type TestGateway } from './helpers/gateway.js';

const auth = { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' };

/** A classifier service: scores "poison" high, never answers "hang" (and reports when the caller gives up). */
interface Classifier {
  url: string;
  asked: Array<{ text: string; stage: string }>;
  /** Resolves when a "hang" request arrives / when its connection is closed by the caller. */
  hangArrived: Promise<void>;
  hangClosed: Promise<void>;
  close(): Promise<void>;
}

async function startClassifier(): Promise<Classifier> {
  let arrived!: () => void;
  let closed!: () => void;
  const c: Classifier = {
    url: '',
    asked: [],
    hangArrived: new Promise((r) => (arrived = r)),
    hangClosed: new Promise((r) => (closed = r)),
    close: async () => undefined,
  };
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const q = JSON.parse(body) as { text: string; stage: string };
      c.asked.push(q);
      if (q.text.includes('hang')) {
        res.on('close', closed);
        arrived();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(q.text.includes('poison') ? { score: 0.97, label: 'poison' } : { score: 0.01 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  c.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/classify`;
  c.close = () => {
    server.closeAllConnections();
    return new Promise((r) => server.close(() => r()));
  };
  return c;
}

function chat(content: string, extra: Record<string, unknown> = {}) {
  return { model: 'gpt-test', messages: [{ role: 'user', content }], ...extra };
}

describe('remote-classifier guard in the gateway', () => {
  let classifier: Classifier;
  let gw: TestGateway;
  beforeAll(async () => {
    classifier = await startClassifier();
    // A long timeout: only the client's disconnect can end the "hang" call within the test's time.
    gw = await startTestGateway({ policy: { guards: { 'remote-classifier': { url: classifier.url, action: 'block', timeout_ms: 60_000 } } } });
  });
  afterAll(async () => {
    await gw.close();
    await classifier.close();
  });

  it('blocks a request the classifier scores over the threshold, before the upstream is called', async () => {
    const before = gw.fake.requests.length;
    const res = await gw.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: auth, payload: chat('please mix the poison') });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'content_filter' } });
    expect(gw.fake.requests.length).toBe(before);
    expect(classifier.asked).toContainEqual({ text: 'please mix the poison', stage: 'input' });
    const rec = await gw.audit(res.headers['x-warden-request-id'] as string);
    expect(rec).toMatchObject({ action: 'block', decidingRule: 'remote-classifier/poison' });
  });

  it('lets a low-scored request through to the upstream', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: auth, payload: chat('what is the capital of France?') });
    expect(res.statusCode).toBe(200);
    expect(classifier.asked).toContainEqual({ text: 'what is the capital of France?', stage: 'input' });
  });

  it("aborts the guard's call when the client disconnects", async () => {
    const client = new AbortController();
    const sent = fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: auth, body: JSON.stringify(chat('hang on')), signal: client.signal });
    await classifier.hangArrived;
    client.abort();
    await expect(sent).rejects.toThrow();
    // The classifier sees its connection closed: the request's signal reached the guard's fetch.
    await classifier.hangClosed;
  });
});

describe('guard timeouts and streaming', () => {
  let classifier: Classifier;
  let gw: TestGateway;
  beforeAll(async () => {
    classifier = await startClassifier();
    const guard = { url: classifier.url, action: 'block', timeout_ms: 1000, stages: { output: { enabled: true } } };
    gw = await startTestGateway({ policy: { guards: { 'remote-classifier': guard } } });
  });
  afterAll(async () => {
    await gw.close();
    await classifier.close();
  });

  it('fails closed when the classifier does not answer within timeout_ms', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: auth, payload: chat('hang in there') });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'content_filter' } });
    const rec = await gw.audit(res.headers['x-warden-request-id'] as string);
    expect(rec.action).toBe('block');
    // The timeout aborted the call too: the classifier's connection is closed.
    await classifier.hangClosed;
  });

  it('scans the non-streamed answer with the guard', async () => {
    gw.fake.script.push({ kind: 'text', content: 'here is the poison recipe' });
    const res = await gw.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: auth, payload: chat('tell me a story') });
    expect(res.statusCode).toBe(200);
    expect(classifier.asked).toContainEqual({ text: 'here is the poison recipe', stage: 'output' });
    expect(JSON.stringify(res.json())).not.toContain('poison recipe');
  });

  it('refuses to stream when the output stage runs guards', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: auth, payload: chat('hi', { stream: true }) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { param: 'stream' } });
    expect(res.json<{ error: { message: string } }>().error.message).toContain('Send "stream": false');
  });
});
