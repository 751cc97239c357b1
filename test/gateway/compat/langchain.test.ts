/** LangChain (`@langchain/openai` 1.5) with `configuration: { baseURL: 'http://host:port/v1' }`: what ChatOpenAI surfaces through Warden. */
import { HumanMessage, ToolMessage, type AIMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INJECTION, TEST_KEY, rejectionOf, startCompat, type Compat } from './setup.js';

let c: Compat;
let chat: ChatOpenAI;

beforeAll(async () => {
  c = await startCompat();
  chat = new ChatOpenAI({ model: 'gpt-rich', apiKey: TEST_KEY, maxRetries: 0, configuration: { baseURL: `${c.gw.url}/v1` } });
});
afterAll(() => c.close());
beforeEach(() => c.provider.reset());

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

describe('LangChain ChatOpenAI (chat completions) through Warden', () => {
  it('invokes: content, token usage, and /v1/chat/completions under the base URL', async () => {
    c.provider.script.push({ kind: 'text', text: 'Bonjour.' });
    const msg = await chat.invoke('Say hello in French');
    expect(msg.content).toBe('Bonjour.');
    expect(msg.usage_metadata).toMatchObject({ input_tokens: 21, output_tokens: 1 });
    expect(c.provider.requests[0]?.path).toBe('/v1/chat/completions');
  });

  it('streams chunks that concatenate to the answer', async () => {
    c.provider.script.push({ kind: 'text', text: 'One two three.', chunks: ['One', ' two', ' three.'] });
    let text = '';
    for await (const chunk of await chat.stream('Count')) text += typeof chunk.content === 'string' ? chunk.content : '';
    expect(text).toBe('One two three.');
  });

  it('returns tool calls from bindTools and sends the ToolMessage back', async () => {
    c.provider.script.push({ kind: 'tool', name: 'get_weather', args: { city: 'Oslo' } }, { kind: 'text', text: '3 degrees.' });
    const bound = chat.bindTools([weatherTool]);
    const first: AIMessage = await bound.invoke('Weather in Oslo?');
    expect(first.tool_calls?.map((t) => [t.name, t.args])).toEqual([['get_weather', { city: 'Oslo' }]]);
    const id = first.tool_calls?.[0]?.id ?? '';
    const second = await bound.invoke([new HumanMessage('Weather in Oslo?'), first, new ToolMessage({ tool_call_id: id, content: '3 degrees' })]);
    expect(second.content).toBe('3 degrees.');
    expect(c.provider.requests[1]?.body.messages).toContainEqual({ role: 'tool', tool_call_id: id, content: '3 degrees' });
  });

  it('returns structured output (withStructuredOutput, jsonSchema method)', async () => {
    c.provider.script.push({ kind: 'json', value: { city: 'Oslo', country: 'Norway' } });
    const structured = chat.withStructuredOutput(z.object({ city: z.string(), country: z.string() }), { name: 'city', method: 'jsonSchema' });
    expect(await structured.invoke('A city')).toEqual({ city: 'Oslo', country: 'Norway' });
    expect(c.provider.requests[0]?.body.response_format).toMatchObject({ type: 'json_schema' });
  });

  it('surfaces an input block as an error with status 400 and code content_filter', async () => {
    const err = await rejectionOf(chat.invoke(INJECTION));
    expect(err).toMatchObject({ status: 400, code: 'content_filter' });
    expect(c.provider.requests).toHaveLength(0);
  });
});

describe.each([
  ['gpt-native', '/v1/responses'],
  ['gpt-rich', '/v1/chat/completions'],
  ['claude-rich', '/v1/messages'],
])('LangChain ChatOpenAI with useResponsesApi through Warden to %s', (model, path) => {
  const responses = () => new ChatOpenAI({ model, apiKey: TEST_KEY, maxRetries: 0, useResponsesApi: true, configuration: { baseURL: `${c.gw.url}/v1` } });

  it('invokes via /v1/responses, the provider called on its own protocol', async () => {
    c.provider.script.push({ kind: 'text', text: 'Bonjour.' });
    const msg = await responses().invoke('Say hello in French');
    expect(msg.text).toBe('Bonjour.');
    expect(msg.usage_metadata).toMatchObject({ input_tokens: 21 });
    expect(c.provider.requests.map((q) => q.path)).toEqual([path]);
  });

  it('streams', async () => {
    c.provider.script.push({ kind: 'text', text: 'One two three.', chunks: ['One', ' two', ' three.'] });
    let text = '';
    for await (const chunk of await responses().stream('Count')) text += chunk.text;
    expect(text).toBe('One two three.');
  });

  it('returns tool calls and sends the ToolMessage back', async () => {
    c.provider.script.push({ kind: 'tool', name: 'get_weather', args: { city: 'Oslo' } }, { kind: 'text', text: '3 degrees.' });
    const bound = responses().bindTools([weatherTool]);
    const first: AIMessage = await bound.invoke('Weather in Oslo?');
    expect(first.tool_calls?.map((t) => [t.name, t.args])).toEqual([['get_weather', { city: 'Oslo' }]]);
    const second = await bound.invoke([new HumanMessage('Weather in Oslo?'), first, new ToolMessage({ tool_call_id: first.tool_calls?.[0]?.id ?? '', content: '3 degrees' })]);
    expect(second.text).toBe('3 degrees.');
    expect(JSON.stringify(c.provider.requests[1]?.body)).toContain('3 degrees');
  });

  it('returns structured output (withStructuredOutput, jsonSchema method)', async () => {
    c.provider.script.push({ kind: 'json', value: { city: 'Oslo', country: 'Norway' } });
    const structured = responses().withStructuredOutput(z.object({ city: z.string(), country: z.string() }), { name: 'city', method: 'jsonSchema' });
    expect(await structured.invoke('A city')).toEqual({ city: 'Oslo', country: 'Norway' });
  });

  it('surfaces an input block as an error with status 400 and code content_filter', async () => {
    const err = await rejectionOf(responses().invoke(INJECTION));
    expect(err).toMatchObject({ status: 400, code: 'content_filter' });
    expect(c.provider.requests).toHaveLength(0);
  });
});
