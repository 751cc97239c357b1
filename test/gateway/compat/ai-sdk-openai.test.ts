/** The AI SDK (`ai` 6 + `@ai-sdk/openai` 3) with `createOpenAI({ baseURL: 'http://host:port/v1' })`: what it surfaces through Warden. */
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, Output, generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INJECTION, TEST_KEY, rejectionOf, startCompat, type Compat } from './setup.js';

let c: Compat;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  c = await startCompat();
  openai = createOpenAI({ baseURL: `${c.gw.url}/v1`, apiKey: TEST_KEY });
});
afterAll(() => c.close());
beforeEach(() => c.provider.reset());

const weather = tool({
  description: 'Weather for a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, celsius: 3 }),
});

describe('AI SDK, OpenAI chat model (.chat) through Warden', () => {
  it('generates text with usage, calling /v1/chat/completions under the base URL', async () => {
    c.provider.script.push({ kind: 'text', text: 'Hello from the provider.' });
    const r = await generateText({ model: openai.chat('gpt-rich'), prompt: 'Say hello', maxRetries: 0 });
    expect(r.text).toBe('Hello from the provider.');
    expect(r.finishReason).toBe('stop');
    expect(r.usage.inputTokens).toBe(21);
    expect(c.provider.requests[0]?.path).toBe('/v1/chat/completions');
  });

  it('streams text', async () => {
    c.provider.script.push({ kind: 'text', text: 'One two three.', chunks: ['One', ' two', ' three.'] });
    const r = streamText({ model: openai.chat('gpt-rich'), prompt: 'Count', maxRetries: 0 });
    let text = '';
    for await (const part of r.textStream) text += part;
    expect(text).toBe('One two three.');
    expect(await r.finishReason).toBe('stop');
  });

  it('runs a tool round trip: the call, the local result, the final answer', async () => {
    c.provider.script.push({ kind: 'tool', name: 'weather', args: { city: 'Oslo' } }, { kind: 'text', text: 'It is 3 degrees in Oslo.' });
    const r = await generateText({ model: openai.chat('gpt-rich'), prompt: 'Weather in Oslo?', tools: { weather }, stopWhen: stepCountIs(2), maxRetries: 0 });
    expect(r.steps[0]?.toolCalls.map((t) => [t.toolName, t.input])).toEqual([['weather', { city: 'Oslo' }]]);
    expect(r.text).toBe('It is 3 degrees in Oslo.');
    const sent = c.provider.requests[1]?.body.messages as { role: string; content: unknown }[];
    expect(sent.at(-1)).toMatchObject({ role: 'tool', content: JSON.stringify({ city: 'Oslo', celsius: 3 }) });
  });

  it('streams a tool call', async () => {
    c.provider.script.push({ kind: 'tool', name: 'weather', args: { city: 'Bergen' } });
    const r = streamText({ model: openai.chat('gpt-rich'), prompt: 'Weather in Bergen?', tools: { weather }, maxRetries: 0 });
    const calls = await r.toolCalls;
    expect(calls.map((t) => [t.toolName, t.input])).toEqual([['weather', { city: 'Bergen' }]]);
  });

  it('returns structured output (Output.object) through response_format json_schema', async () => {
    c.provider.script.push({ kind: 'json', value: { city: 'Oslo', country: 'Norway' } });
    const r = await generateText({
      model: openai.chat('gpt-rich'),
      prompt: 'A city',
      output: Output.object({ schema: z.object({ city: z.string(), country: z.string() }) }),
      maxRetries: 0,
    });
    expect(r.output).toEqual({ city: 'Oslo', country: 'Norway' });
    expect(c.provider.requests[0]?.body.response_format).toMatchObject({ type: 'json_schema' });
  });

  it('surfaces an input block as a non-retryable APICallError with status 400', async () => {
    const err = await rejectionOf(generateText({ model: openai.chat('gpt-rich'), prompt: INJECTION, maxRetries: 0 }));
    expect(APICallError.isInstance(err)).toBe(true);
    const e = err as APICallError;
    expect(e.statusCode).toBe(400);
    expect(e.isRetryable).toBe(false);
    expect(JSON.parse(e.responseBody ?? '{}')).toMatchObject({ error: { code: 'content_filter' } });
    expect(c.provider.requests).toHaveLength(0);
  });
});

describe.each([
  ['gpt-native', '/v1/responses'],
  ['gpt-rich', '/v1/chat/completions'],
  ['claude-rich', '/v1/messages'],
])('AI SDK, default OpenAI provider (Responses API) through Warden to %s', (model, path) => {
  // With store on, the AI SDK refers to earlier items by id; a translating upstream has no store (docs/gateway.md).
  const providerOptions = { openai: { store: false } };

  it('generates text via /v1/responses, the provider called on its own protocol', async () => {
    c.provider.script.push({ kind: 'text', text: 'Hello from the provider.' });
    const r = await generateText({ model: openai(model), prompt: 'Say hello', providerOptions, maxRetries: 0 });
    expect(r.text).toBe('Hello from the provider.');
    expect(r.finishReason).toBe('stop');
    expect(r.usage.inputTokens).toBe(21);
    expect(c.provider.requests.map((q) => q.path)).toEqual([path]);
  });

  it('streams text', async () => {
    c.provider.script.push({ kind: 'text', text: 'One two three.', chunks: ['One', ' two', ' three.'] });
    const r = streamText({ model: openai(model), prompt: 'Count', providerOptions, maxRetries: 0 });
    let text = '';
    for await (const part of r.textStream) text += part;
    expect(text).toBe('One two three.');
    expect(await r.finishReason).toBe('stop');
  });

  it('runs a tool round trip', async () => {
    c.provider.script.push({ kind: 'tool', name: 'weather', args: { city: 'Oslo' } }, { kind: 'text', text: 'It is 3 degrees in Oslo.' });
    const r = await generateText({ model: openai(model), prompt: 'Weather in Oslo?', tools: { weather }, stopWhen: stepCountIs(2), providerOptions, maxRetries: 0 });
    expect(r.steps[0]?.toolCalls.map((t) => [t.toolName, t.input])).toEqual([['weather', { city: 'Oslo' }]]);
    expect(r.text).toBe('It is 3 degrees in Oslo.');
    expect(JSON.stringify(c.provider.requests[1]?.body)).toContain('celsius');
  });

  it('returns structured output (Output.object)', async () => {
    c.provider.script.push({ kind: 'json', value: { city: 'Oslo', country: 'Norway' } });
    const r = await generateText({
      model: openai(model),
      prompt: 'A city',
      output: Output.object({ schema: z.object({ city: z.string(), country: z.string() }) }),
      providerOptions,
      maxRetries: 0,
    });
    expect(r.output).toEqual({ city: 'Oslo', country: 'Norway' });
  });

  it('surfaces an input block as a non-retryable APICallError with status 400', async () => {
    const err = await rejectionOf(generateText({ model: openai(model), prompt: INJECTION, providerOptions, maxRetries: 0 }));
    expect(APICallError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ statusCode: 400, isRetryable: false });
    expect(c.provider.requests).toHaveLength(0);
  });
});
