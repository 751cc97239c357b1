/** The AI SDK's Anthropic provider (`@ai-sdk/anthropic` 3) with `createAnthropic({ baseURL: 'http://host:port/v1' })`: what it surfaces through Warden. */
import { createAnthropic } from '@ai-sdk/anthropic';
import { APICallError, generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INJECTION, TEST_KEY, rejectionOf, startCompat, type Compat } from './setup.js';

let c: Compat;
let anthropic: ReturnType<typeof createAnthropic>;

beforeAll(async () => {
  c = await startCompat();
  anthropic = createAnthropic({ baseURL: `${c.gw.url}/v1`, apiKey: TEST_KEY });
});
afterAll(() => c.close());
beforeEach(() => c.provider.reset());

describe('AI SDK, Anthropic provider through Warden', () => {
  it('generates text, calling /v1/messages under the base URL', async () => {
    c.provider.script.push({ kind: 'text', text: 'Hello from Claude.' });
    const r = await generateText({ model: anthropic('claude-rich'), prompt: 'Say hello', maxRetries: 0, maxOutputTokens: 256 });
    expect(r.text).toBe('Hello from Claude.');
    expect(r.finishReason).toBe('stop');
    expect(c.provider.requests[0]?.path).toBe('/v1/messages');
  });

  it('streams text', async () => {
    c.provider.script.push({ kind: 'text', text: 'One two three.', chunks: ['One', ' two', ' three.'] });
    const r = streamText({ model: anthropic('claude-rich'), prompt: 'Count', maxRetries: 0, maxOutputTokens: 256 });
    let text = '';
    for await (const part of r.textStream) text += part;
    expect(text).toBe('One two three.');
  });

  it('runs a tool round trip', async () => {
    c.provider.script.push({ kind: 'tool', name: 'weather', args: { city: 'Oslo' } }, { kind: 'text', text: '3 degrees in Oslo.' });
    const weather = tool({ description: 'Weather for a city', inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => `${city}: 3 degrees` });
    const r = await generateText({ model: anthropic('claude-rich'), prompt: 'Weather in Oslo?', tools: { weather }, stopWhen: stepCountIs(2), maxRetries: 0, maxOutputTokens: 256 });
    expect(r.steps[0]?.toolCalls.map((t) => [t.toolName, t.input])).toEqual([['weather', { city: 'Oslo' }]]);
    expect(r.text).toBe('3 degrees in Oslo.');
    const sent = c.provider.requests[1]?.body.messages as { role: string; content: { type: string }[] }[];
    expect(sent.at(-1)?.content[0]).toMatchObject({ type: 'tool_result', content: 'Oslo: 3 degrees' });
  });

  it('surfaces an input block as a non-retryable APICallError with status 400', async () => {
    const err = await rejectionOf(generateText({ model: anthropic('claude-rich'), prompt: INJECTION, maxRetries: 0, maxOutputTokens: 256 }));
    expect(APICallError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ statusCode: 400, isRetryable: false });
    expect(c.provider.requests).toHaveLength(0);
  });
});
