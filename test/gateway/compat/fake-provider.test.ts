/** The fake provider itself, read by the real client libraries directly (no gateway): the baseline the compat tests compare against. */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_ERRORS, SYSTEM_FINGERPRINT, embeddingOf, startFakeProvider, type FakeProvider } from '../helpers/fake-provider.js';

let provider: FakeProvider;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  provider = await startFakeProvider();
  openai = new OpenAI({ baseURL: `${provider.url}/v1`, apiKey: 'sk-fake', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: provider.url, apiKey: 'sk-ant-fake', maxRetries: 0 });
});
afterAll(() => provider.close());
beforeEach(() => provider.reset());

describe('fake provider, OpenAI protocol', () => {
  it('answers a chat completion with logprobs, fingerprint and token details', async () => {
    provider.script.push({ kind: 'text', text: 'Paris is the capital.' });
    const { data, request_id } = await openai.chat.completions
      .create({ model: 'fake-model', logprobs: true, messages: [{ role: 'user', content: 'Capital of France?' }] })
      .withResponse();
    expect(request_id).toMatch(/^req_fake_/);
    expect(data.system_fingerprint).toBe(SYSTEM_FINGERPRINT);
    expect(data.choices[0]?.message.content).toBe('Paris is the capital.');
    expect(data.choices[0]?.logprobs?.content?.map((t) => t.token)).toEqual(['Paris ', 'is ', 'the ', 'capital.']);
    expect(data.usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 4, prompt_tokens_details: { cached_tokens: 8 }, completion_tokens_details: { reasoning_tokens: 3 } });
    expect(provider.requests[0]?.path).toBe('/v1/chat/completions');
  });

  it('streams usage only when include_usage asks for it', async () => {
    provider.script.push({ kind: 'text', text: 'one two' }, { kind: 'text', text: 'one two' });
    const usages = async (include: boolean) => {
      const stream = await openai.chat.completions.create({
        model: 'fake-model',
        stream: true,
        ...(include ? { stream_options: { include_usage: true } } : {}),
        messages: [{ role: 'user', content: 'count' }],
      });
      const seen: unknown[] = [];
      for await (const c of stream) if (c.usage) seen.push(c.usage);
      return seen;
    };
    expect(await usages(false)).toEqual([]);
    expect(await usages(true)).toEqual([expect.objectContaining({ prompt_tokens: 21, completion_tokens: 2 })]);
  });

  it('answers the Responses API, JSON and streamed, with a function call', async () => {
    provider.script.push({ kind: 'text', text: 'Hello there' }, { kind: 'tool', name: 'get_weather', args: { city: 'Oslo' } });
    const r = await openai.responses.create({ model: 'fake-model', instructions: 'Be brief.', input: 'hi' });
    expect(r.output_text).toBe('Hello there');
    expect(r.usage?.input_tokens_details.cached_tokens).toBe(8);
    const stream = await openai.responses.create({ model: 'fake-model', input: 'weather?', stream: true, tools: [{ type: 'function', name: 'get_weather', parameters: {}, strict: false }] });
    const types: string[] = [];
    let args = '';
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'response.function_call_arguments.delta') args += ev.delta;
    }
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(JSON.parse(args)).toEqual({ city: 'Oslo' });
  });

  it('embeds deterministically, in floats and in the SDK default base64', async () => {
    const r = await openai.embeddings.create({ model: 'fake-embed', input: ['alpha', 'beta'] });
    expect(provider.requests[0]?.body.encoding_format).toBe('base64');
    expect(r.data.map((d) => d.embedding)).toEqual([embeddingOf('alpha', 8), embeddingOf('beta', 8)]);
    const floats = await openai.embeddings.create({ model: 'fake-embed', input: 'alpha', encoding_format: 'float', dimensions: 40 });
    expect(floats.data[0]?.embedding).toEqual(embeddingOf('alpha', 40));
  });

  it('returns provider errors the SDK maps to its classes, with code, param and rate-limit headers', async () => {
    provider.script.push(PROVIDER_ERRORS.contextLength, PROVIDER_ERRORS.rateLimit);
    const bad = await openai.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad).toMatchObject({ status: 400, code: 'context_length_exceeded', param: 'messages', type: 'invalid_request_error' });
    const limited = await openai.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    const headers = (limited as InstanceType<typeof OpenAI.RateLimitError>).headers;
    expect(headers.get('retry-after')).toBe('7');
    expect(headers.get('x-ratelimit-remaining-requests')).toBe('0');
  });

  it('breaks a stream with malformed SSE or by closing mid-event, and the SDK throws', async () => {
    provider.script.push({ kind: 'malformed-sse', chunks: ['Hel', 'lo'] }, { kind: 'cut-mid-event', chunks: ['Hel', 'lo'] });
    for (let i = 0; i < 2; i++) {
      const stream = await openai.chat.completions.create({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'x' }] });
      let text = '';
      const err = await (async () => {
        for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
      })().catch((e: unknown) => e);
      expect(text).toBe('Hello');
      expect(err).toBeInstanceOf(Error);
    }
  });
});

describe('fake provider, Anthropic protocol', () => {
  it('answers a message with a signed thinking block and cache usage', async () => {
    provider.script.push({ kind: 'text', text: 'The answer is 4.', thinking: { text: '2+2=4', signature: 'sig-abc' }, redactedThinking: 'opaque' });
    const msg = await anthropic.messages.create({ model: 'claude-fake', max_tokens: 256, messages: [{ role: 'user', content: '2+2?' }] });
    expect(msg.content).toEqual([
      { type: 'thinking', thinking: '2+2=4', signature: 'sig-abc' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'The answer is 4.' },
    ]);
    expect(msg.usage).toMatchObject({ input_tokens: 21, cache_creation_input_tokens: 5, cache_read_input_tokens: 8, output_tokens: 4 });
  });

  it('streams the same message, the SDK rebuilding it whole', async () => {
    const reply = { kind: 'text', text: 'The answer is 4.', thinking: { text: '2+2=4', signature: 'sig-abc' } } as const;
    provider.script.push(reply, reply);
    const params = { model: 'claude-fake', max_tokens: 256, messages: [{ role: 'user' as const, content: '2+2?' }] };
    const whole = await anthropic.messages.create(params);
    const streamed = await anthropic.messages.stream(params).finalMessage();
    expect(streamed).toMatchObject(whole);
  });

  it('answers a forced tool with the structured value, and count_tokens from the request', async () => {
    provider.script.push({ kind: 'json', value: { city: 'Oslo' } });
    const msg = await anthropic.messages.create({
      model: 'claude-fake',
      max_tokens: 64,
      tools: [{ name: 'answer', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'answer' },
      messages: [{ role: 'user', content: 'where?' }],
    });
    expect(msg.content).toEqual([{ type: 'tool_use', id: 'toolu_fake_1', name: 'answer', input: { city: 'Oslo' } }]);
    const count = await anthropic.messages.countTokens({ model: 'claude-fake', messages: [{ role: 'user', content: 'hello' }] });
    expect(count.input_tokens).toBeGreaterThan(0);
    expect(provider.requests[1]?.path).toBe('/v1/messages/count_tokens');
  });

  it('returns Anthropic-shaped errors the SDK maps to its classes', async () => {
    provider.script.push(PROVIDER_ERRORS.rateLimit);
    const err = await anthropic.messages.create({ model: 'claude-fake', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    const e = err as InstanceType<typeof Anthropic.RateLimitError>;
    expect(e.headers?.get('retry-after')).toBe('7');
    expect(e.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(e.requestID).toMatch(/^req_fake_/);
    expect(e.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });
});
