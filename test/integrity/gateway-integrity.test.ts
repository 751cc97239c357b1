/** Output integrity through the gateway's HTTP routes, with a fake upstream answering fixed texts. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gatewayConfigFromObject } from '../../src/gateway/config.js';
import { startTestGateway, TEST_KEY, type TestGateway } from '../gateway/helpers/gateway.js';

const headers = { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' };
const meta = { groups: ['*'], classification: 'public' };
const DOCUMENTS = [
  { id: 'refunds', text: 'Customers can return unused items within 30 days of purchase for a full refund. Refunds are paid within 5 business days.', ...meta },
  { id: 'shipping', text: 'Standard shipping takes 3 to 7 days. Express shipping costs $15.', ...meta },
];
const BOOK =
  'The lighthouse keeper climbed the spiral staircase every evening at dusk, counting the one hundred and twelve iron steps under his breath, ' +
  'while the gulls wheeled over the grey harbour and the fishing boats came home heavy with mackerel.';

describe('gateway output integrity', () => {
  let gw: TestGateway;
  let corpusDir: string;
  beforeAll(async () => {
    corpusDir = mkdtempSync(join(tmpdir(), 'warden-gw-corpus-'));
    writeFileSync(join(corpusDir, 'lighthouse.txt'), BOOK);
    const fake = { upstream: 'fake', model: 'fake-model' };
    gw = await startTestGateway({
      gateway: {
        models: {
          'grounded-flag': fake,
          'grounded-notice': fake,
          'cited-block': fake,
          'guarded-book': { upstream: 'claude', model: 'claude-fake' },
          'gpt-test': fake,
        },
        integrity: {
          corpora: [{ id: 'books', path: corpusDir }],
          models: {
            'grounded-flag': { grounding: { action: 'flag' } },
            'grounded-notice': { grounding: { action: 'notice' }, citations: { action: 'notice', required: false } },
            'cited-block': { citations: { action: 'block' } },
            'guarded-book': { verbatim: { action: 'block' } },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await gw.close();
    rmSync(corpusDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    gw.fake.script = [];
  });

  const chat = (model: string, answer: string, extra: Record<string, unknown> = {}) => {
    gw.fake.script.push({ kind: 'text', content: answer });
    return gw.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers,
      payload: { model, messages: [{ role: 'user', content: 'What are the refund and shipping rules?' }], warden: { documents: DOCUMENTS }, ...extra },
    });
  };
  const content = (r: { json(): unknown }) => (r.json() as { choices: { message: { content: string } }[] }).choices[0]?.message.content;

  it('flags an unsupported number in the audit record and leaves the answer as it is', async () => {
    const answer = 'Refunds are paid within 14 business days. Standard shipping takes 3 to 7 days.';
    const r = await chat('grounded-flag', answer);
    expect(r.statusCode).toBe(200);
    expect(content(r)).toBe(answer);
    expect(r.headers['x-warden-integrity-confidence']).toBe('0.5');
    const rec = await gw.audit(r.headers['x-warden-request-id'] as string);
    const integrity = rec.outputFindings.filter((f) => f.detector === 'integrity');
    expect(integrity.map((f) => [f.ruleId, f.action, f.spans])).toEqual([['integrity/unsupported-number', 'flag', [{ start: 0, end: 41 }]]]);
    expect(rec.integrity).toMatchObject({ checks: ['grounding'], confidence: 0.5, claims: 2, supported: 1, action: 'flag' });
    expect(rec.action).toBe('flag');
  });

  it('passes a supported paraphrase without findings', async () => {
    const r = await chat('grounded-flag', 'Unused items can be returned for a full refund within 30 days of purchase.');
    expect(r.statusCode).toBe(200);
    const rec = await gw.audit(r.headers['x-warden-request-id'] as string);
    expect(rec.outputFindings.filter((f) => f.detector === 'integrity')).toEqual([]);
    expect(rec.integrity?.action).toBe('allow');
    expect(rec.integrity?.confidence).toBeGreaterThan(0.5);
  });

  it('appends a notice for unsupported statements and fabricated citations', async () => {
    const answer = 'Express shipping costs $25 [doc:shipping]. Refunds are paid within 5 business days [doc:refund-policy-v9].';
    const r = await chat('grounded-notice', answer);
    expect(content(r)).toBe(
      `${answer}\n\n[Warden: 1 statement(s) in this answer could not be verified against the provided documents. ` +
        '2 citation problem(s) in this answer: missing, unknown or unsupported sources.]',
    );
    const rec = await gw.audit(r.headers['x-warden-request-id'] as string);
    expect(rec.outputFindings.map((f) => f.ruleId).sort()).toEqual(['integrity/citation-fabricated', 'integrity/citation-unsupported', 'integrity/unsupported-number']);
    expect(rec.integrity?.action).toBe('notice');
  });

  it('blocks an answer with a fabricated citation when the policy says block', async () => {
    const r = await chat('cited-block', 'Express shipping costs $15 [doc:shipping]. Refunds take 5 business days [doc:kb-4471].');
    expect(r.statusCode).toBe(200);
    expect(content(r)).toMatch(/^\[Response blocked by Warden policy.*integrity\/citation-fabricated/);
    expect(r.headers['x-warden-blocked-rules']).toBe('integrity/citation-fabricated');
    const rec = await gw.audit(r.headers['x-warden-request-id'] as string);
    expect(rec.action).toBe('block');
    expect(rec.decidingRule).toBe('integrity/citation-fabricated');
    expect(rec.integrity).toMatchObject({ checks: ['citations'], confidence: null, action: 'block' });
  });

  it('blocks a claim without a citation when citations are required', async () => {
    const r = await chat('cited-block', 'Express shipping costs $15.');
    expect(r.headers['x-warden-blocked-rules']).toBe('integrity/citation-missing');
  });

  it('runs no grounding without documents, and nothing for a model without a policy', async () => {
    const r = await chat('grounded-flag', 'Refunds are paid within 14 business days.', { warden: undefined });
    const rec = await gw.audit(r.headers['x-warden-request-id'] as string);
    expect(rec.integrity).toBeUndefined();
    expect(r.headers['x-warden-integrity-confidence']).toBeUndefined();
    const other = await chat('gpt-test', 'Refunds are paid within 14 business days.');
    expect((await gw.audit(other.headers['x-warden-request-id'] as string)).integrity).toBeUndefined();
  });

  it('blocks a long verbatim span of a protected corpus on /v1/messages, with or without documents', async () => {
    gw.fake.script.push({ kind: 'text', content: `Sure, here it is: ${BOOK}` });
    const r = await gw.app.inject({
      method: 'POST',
      url: '/v1/messages',
      headers,
      payload: { model: 'guarded-book', max_tokens: 200, messages: [{ role: 'user', content: 'Recite the opening of the lighthouse novel.' }] },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-warden-blocked-rules']).toBe('integrity/verbatim');
    expect(JSON.stringify(r.json())).not.toContain('spiral staircase');
    const rec = await gw.audit(r.headers['x-warden-request-id'] as string);
    const f = rec.outputFindings.find((x) => x.ruleId === 'integrity/verbatim');
    expect(f?.message).toMatch(/protected document "books:lighthouse.txt"/);
    expect(rec.integrity).toMatchObject({ checks: ['verbatim'], action: 'block' });
  });

  it('refuses a stream under a blocking check, and appends the notice at the end of a stream', async () => {
    const refused = await chat('cited-block', 'x', { stream: true });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/integrity policy .* may block answers.*"stream": false/);
    gw.fake.script = [];
    gw.fake.script.push({ kind: 'text', content: '', chunks: ['Express shipping ', 'costs $25 [doc:shipping].'] });
    const r = await gw.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers,
      payload: { model: 'grounded-notice', stream: true, messages: [{ role: 'user', content: 'Shipping cost?' }], warden: { documents: DOCUMENTS } },
    });
    expect(r.statusCode).toBe(200);
    const text = r.body
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => (JSON.parse(l.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '')
      .join('');
    expect(text).toMatch(/^Express shipping costs \$25 \[doc:shipping\]\.\n\n\[Warden: 1 statement\(s\).*1 citation problem/);
    const rec = await gw.audit(r.headers['x-warden-request-id'] as string);
    expect(rec.streamed).toBe(true);
    expect(rec.outputFindings.map((f) => f.ruleId).sort()).toEqual(['integrity/citation-unsupported', 'integrity/unsupported-number']);
    expect(rec.integrity?.action).toBe('notice');
  });
});

describe('gateway.integrity config', () => {
  const load = (integrity: unknown) => () => gatewayConfigFromObject({ gateway: { integrity } });

  it('refuses verbatim without corpora, unknown corpora, bad citation formats and empty policies, naming the path', () => {
    expect(load({ models: { m: { verbatim: {} } } })).toThrow(/gateway\.integrity\.models\.m\.verbatim.*at least one protected corpus/s);
    expect(load({ corpora: [{ id: 'a', path: '/x' }], models: { m: { verbatim: { corpora: ['b'] } } } })).toThrow(/unknown corpus "b" \(defined: a\)/);
    expect(load({ models: { m: { citations: { format: '[doc]' } } } })).toThrow(/citations\.format.*exactly once/s);
    expect(load({ models: { m: {} } })).toThrow(/at least one of grounding, citations, verbatim/);
    expect(load({ corpora: [{ id: 'a', path: '/x' }, { id: 'a', path: '/y' }] })).toThrow(/duplicate corpus id "a"/);
  });

  it('accepts a full policy with defaults filled in', () => {
    const g = gatewayConfigFromObject({ gateway: { integrity: { models: { '*': { grounding: {}, citations: { format: '【ID】' } } } } } }).gateway;
    expect(g.integrity.models['*']).toEqual({
      grounding: { action: 'flag', min_support: 0.5, min_confidence: 0 },
      citations: { action: 'flag', required: true, format: '【ID】', min_support: 0.5 },
    });
  });
});
