/**
 * What Anthropic-protocol clients see of the provider's own answer through Warden: thinking blocks with their
 * signatures, cache usage, stream usage, provider errors with their rate-limit headers, the block marker and
 * the request id.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import Anthropic from '@anthropic-ai/sdk';
import { APICallError, generateText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_ERRORS } from '../helpers/fake-provider.js';
import { differingPaths } from './compare.js';
import { INJECTION, TEST_KEY, rejectionOf, startCompat, type Compat } from './setup.js';

let c: Compat;
let warden: Anthropic;
let direct: Anthropic;

beforeAll(async () => {
  c = await startCompat();
  warden = new Anthropic({ baseURL: c.gw.url, apiKey: TEST_KEY, maxRetries: 0 });
  direct = new Anthropic({ baseURL: c.provider.url, apiKey: 'sk-ant-fake', maxRetries: 0 });
});
afterAll(() => c.close());
beforeEach(() => c.provider.reset());

const THINKING = { kind: 'text', text: 'The answer is 4.', thinking: { text: 'Two plus two makes four.', signature: 'EqQBCkYIAxgCIkD-signature' }, redactedThinking: 'EmwKAhgBEgy-opaque' } as const;
const params = (model: string) => ({ model, max_tokens: 1024, thinking: { type: 'enabled' as const, budget_tokens: 512 }, messages: [{ role: 'user' as const, content: '2+2?' }] });

describe('Anthropic SDK: the provider answer field by field', () => {
  it('a message is the direct one field by field: thinking and redacted_thinking with signatures, cache usage', async () => {
    c.provider.script.push(THINKING, THINKING);
    const mine = await direct.messages.create(params('claude-fake'));
    const theirs = await warden.messages.create(params('claude-rich'));
    expect(differingPaths(mine, theirs)).toEqual([]);
    expect(theirs.content[0]).toEqual({ type: 'thinking', thinking: THINKING.thinking.text, signature: THINKING.thinking.signature });
    expect(theirs.usage).toMatchObject({ input_tokens: 21, cache_creation_input_tokens: 5, cache_read_input_tokens: 8 });
  });

  it('a stream rebuilds the same message: thinking and signature deltas, message_start input tokens kept', async () => {
    c.provider.script.push(THINKING, THINKING);
    const mine = await direct.messages.stream(params('claude-fake')).finalMessage();
    const events: Anthropic.MessageStreamEvent[] = [];
    const stream = warden.messages.stream(params('claude-rich'));
    stream.on('streamEvent', (e) => events.push(e));
    const theirs = await stream.finalMessage();
    expect(differingPaths(mine, theirs)).toEqual([]);
    const start = events.find((e): e is Anthropic.MessageStartEvent => e.type === 'message_start');
    expect(start?.message.usage).toMatchObject({ input_tokens: 21, cache_read_input_tokens: 8 });
  });

  it('sends the thinking block back on the next turn with its signature (extended thinking with tools)', async () => {
    c.provider.script.push(THINKING, { kind: 'text', text: 'Done.' });
    const first = await warden.messages.create(params('claude-rich'));
    await warden.messages.create({ ...params('claude-rich'), messages: [{ role: 'user', content: '2+2?' }, { role: 'assistant', content: first.content }, { role: 'user', content: 'Thanks' }] });
    const sent = c.provider.requests[1]?.body.messages as { content: unknown }[];
    expect(sent[1]?.content).toEqual(first.content);
  });

  it('sets the request id from request-id, the same id as x-warden-request-id', async () => {
    const { request_id, response } = await warden.messages.create(params('claude-rich')).withResponse();
    expect(request_id).toBeTruthy();
    expect(request_id).toBe(response.headers.get('x-warden-request-id'));
  });

  it('marks an input block: error.warden names the stage and rules, x-warden-blocked-rules repeats them', async () => {
    const err = await rejectionOf(warden.messages.create({ ...params('claude-rich'), messages: [{ role: 'user', content: INJECTION }] }));
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const e = err as InstanceType<typeof Anthropic.BadRequestError>;
    const body = e.error as { type: string; error: { type: string; warden?: { blocked: boolean; stage: string; rules: string[] } } };
    expect(body.type).toBe('error');
    expect(body.error.warden).toMatchObject({ blocked: true, stage: 'input' });
    expect(body.error.warden?.rules.some((r) => r.startsWith('prompt-injection/'))).toBe(true);
    expect(e.headers?.get('x-warden-blocked-rules')?.split(',')).toEqual(body.error.warden?.rules);
    expect(c.provider.requests).toHaveLength(0);
  });
});

describe('Anthropic SDK and AI SDK: provider errors kept', () => {
  it('a 429 is a RateLimitError with retry-after: 7 and the anthropic-ratelimit-* headers', async () => {
    c.provider.script.push(PROVIDER_ERRORS.rateLimit);
    const err = await rejectionOf(warden.messages.create(params('claude-rich')));
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    const e = err as InstanceType<typeof Anthropic.RateLimitError>;
    expect(e.headers?.get('retry-after')).toBe('7');
    expect(e.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(e.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  it('a 400 is a BadRequestError with the provider type and message', async () => {
    c.provider.script.push(PROVIDER_ERRORS.contextLength);
    const err = await rejectionOf(warden.messages.create(params('claude-rich')));
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err).toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error' } } });
    expect((err as Error).message).toContain('maximum context length');
  });

  it('AI SDK: reasoning text with its signature, cache tokens, and a 429 as a retryable APICallError', async () => {
    c.provider.script.push(THINKING, PROVIDER_ERRORS.rateLimit);
    const anthropic = createAnthropic({ baseURL: `${c.gw.url}/v1`, apiKey: TEST_KEY });
    const opts = { maxRetries: 0, maxOutputTokens: 1024, providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 512 } } } };
    const r = await generateText({ model: anthropic('claude-rich'), prompt: '2+2?', ...opts });
    expect(r.text).toBe(THINKING.text);
    expect(r.reasoningText).toBe(THINKING.thinking.text);
    expect(r.reasoning[0]?.providerMetadata?.anthropic).toMatchObject({ signature: THINKING.thinking.signature });
    expect(r.usage.inputTokenDetails.cacheReadTokens).toBe(8);
    const err = await rejectionOf(generateText({ model: anthropic('claude-rich'), prompt: 'hi', ...opts }));
    expect(APICallError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ statusCode: 429, isRetryable: true, responseHeaders: { 'retry-after': '7' } });
  });
});
