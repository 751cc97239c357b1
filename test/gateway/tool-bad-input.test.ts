/**
 * Bad input at the gateway door (issue 15, "Bad input") beyond test/gateway/tool-policy.test.ts: a CEL condition
 * that errors, in a JSON answer and in a stream. The call is withheld with a notice naming the condition and the
 * error, and the audit record has the deny.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, TEST_KEY, type TestGateway } from './helpers/gateway.js';

const POLICY = { tools: { transfer: { conditions: { broken: { when: 'args.account.number > 0', action: 'deny', reason: 'never reached' } } } } };

let gw: TestGateway;
let openai: OpenAI;

beforeAll(async () => {
  gw = await startTestGateway({ policy: POLICY });
  openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: TEST_KEY, maxRetries: 0 });
});
afterAll(() => gw.close());

describe('gateway: a CEL condition that errors', () => {
  const notice = /^\[Warden denied tool call "transfer" \(tools\/transfer\/broken\): condition "broken" could not be evaluated \(.+\); denied\]$/;

  it('denies the call in a JSON answer, audited as a block', async () => {
    gw.fake.script = [{ kind: 'tool', name: 'transfer', args: '{"amount":5}' }];
    const { data, response } = await openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'pay' }] }).withResponse();
    expect(data.choices[0]?.finish_reason).toBe('content_filter');
    expect(data.choices[0]?.message.tool_calls ?? []).toEqual([]);
    expect(data.choices[0]?.message.content).toMatch(notice);
    const rec = await gw.audit(response.headers.get('x-warden-request-id'));
    expect(rec.action).toBe('block');
    expect(rec.outputFindings.filter((f) => f.detector === 'tools').map((f) => [f.ruleId, f.action])).toEqual([['tools/transfer/broken', 'block']]);
  });

  it('denies the call in a stream: no tool-call delta reaches the client', async () => {
    gw.fake.script = [{ kind: 'tool', name: 'transfer', args: '{"amount":5}' }];
    const stream = await openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'pay' }], stream: true });
    let text = '';
    let finish: string | null | undefined;
    let toolDeltas = 0;
    for await (const chunk of stream) {
      const c = chunk.choices[0];
      text += c?.delta.content ?? '';
      toolDeltas += c?.delta.tool_calls?.length ?? 0;
      finish = c?.finish_reason ?? finish;
    }
    expect(toolDeltas).toBe(0);
    expect(finish).toBe('content_filter');
    expect(text.trim()).toMatch(notice);
  });
});
