/**
 * What OpenAI-protocol clients see of the provider's own answer through Warden: every field the gateway does not
 * rewrite (compared field by field with the provider read directly), provider errors with their status, code,
 * param and rate-limit headers, the block marker and the request id.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { ContextOverflowError } from '@langchain/core/errors';
import { ChatOpenAI } from '@langchain/openai';
import { APICallError, generateText } from 'ai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { PROVIDER_ERRORS, SYSTEM_FINGERPRINT } from '../helpers/fake-provider.js';
import { differingPaths } from './compare.js';
import { INJECTION, TEST_KEY, rejectionOf, useCompat } from './setup.js';

const s = useCompat();

const ask = (content: string) => [{ role: 'user' as const, content }];
const ANSWER = { kind: 'text', text: 'Paris is the capital of France.' } as const;

async function chunksOf(client: OpenAI, model: string, includeUsage: boolean): Promise<OpenAI.Chat.Completions.ChatCompletionChunk[]> {
  const stream = await client.chat.completions.create({ model, stream: true, logprobs: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}), messages: ask('Capital?') });
  const out: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

describe('openai SDK: the provider answer field by field', () => {
  it('a completion is the direct one field by field (logprobs, fingerprint, token details included)', async () => {
    s.c.provider.script.push(ANSWER, ANSWER);
    const mine = await s.direct.chat.completions.create({ model: 'fake-model', logprobs: true, messages: ask('Capital?') });
    const theirs = await s.warden.chat.completions.create({ model: 'gpt-rich', logprobs: true, messages: ask('Capital?') });
    expect(differingPaths(mine, theirs)).toEqual([]);
    expect(theirs.system_fingerprint).toBe(SYSTEM_FINGERPRINT);
    expect(theirs.usage?.prompt_tokens_details?.cached_tokens).toBe(8);
    expect(theirs.usage?.completion_tokens_details?.reasoning_tokens).toBe(3);
    expect(theirs.choices[0]?.logprobs?.content?.map((t) => t.token).join('')).toBe(ANSWER.text);
  });

  it('a stream carries the same text, logprobs, fingerprint and exact usage, and no usage when not asked', async () => {
    s.c.provider.script.push(ANSWER, ANSWER, ANSWER);
    const mine = await chunksOf(s.direct, 'fake-model', true);
    const theirs = await chunksOf(s.warden, 'gpt-rich', true);
    const text = (cs: typeof mine) => cs.map((x) => x.choices[0]?.delta.content ?? '').join('');
    const tokens = (cs: typeof mine) => cs.flatMap((x) => x.choices[0]?.logprobs?.content ?? []);
    expect(text(theirs)).toBe(text(mine));
    expect(tokens(theirs)).toEqual(tokens(mine));
    expect(theirs.filter((x) => x.usage).map((x) => x.usage)).toEqual(mine.filter((x) => x.usage).map((x) => x.usage));
    expect(new Set(theirs.map((x) => x.system_fingerprint))).toEqual(new Set([SYSTEM_FINGERPRINT]));
    const unasked = await chunksOf(s.warden, 'gpt-rich', false);
    expect(unasked.filter((x) => x.usage)).toEqual([]);
  });

  it('sets requestID from x-request-id, the same id as x-warden-request-id', async () => {
    const { response, request_id } = await s.warden.chat.completions.create({ model: 'gpt-rich', messages: ask('hi') }).withResponse();
    expect(request_id).toBeTruthy();
    expect(request_id).toBe(response.headers.get('x-warden-request-id'));
  });

  it('marks an input block: error.warden names the stage and rules, x-warden-blocked-rules repeats them', async () => {
    const err = await rejectionOf(s.warden.chat.completions.create({ model: 'gpt-rich', messages: ask(INJECTION) }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    const marker = (e.error as { warden?: { blocked: boolean; stage: string; rules: string[]; request_id: string } }).warden;
    expect(marker).toMatchObject({ blocked: true, stage: 'input', request_id: e.requestID });
    expect(marker?.rules.some((r) => r.startsWith('prompt-injection/'))).toBe(true);
    expect(e.headers.get('x-warden-blocked-rules')?.split(',')).toEqual(marker?.rules);
  });
});

describe('openai SDK: provider errors kept', () => {
  it('a 400 context_length_exceeded is a BadRequestError with the provider code, type and param', async () => {
    s.c.provider.script.push(PROVIDER_ERRORS.contextLength);
    const err = await rejectionOf(s.warden.chat.completions.create({ model: 'gpt-rich', messages: ask('long') }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'context_length_exceeded', type: 'invalid_request_error', param: 'messages' });
    expect((err as Error).message).toContain('maximum context length');
  });

  it('a 429 is a RateLimitError carrying retry-after: 7 and the x-ratelimit-* headers', async () => {
    s.c.provider.script.push(PROVIDER_ERRORS.rateLimit);
    const err = await rejectionOf(s.warden.chat.completions.create({ model: 'gpt-rich', messages: ask('hi') }));
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.code).toBe('rate_limit_exceeded');
    expect(e.headers.get('retry-after')).toBe('7');
    expect(e.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(e.headers.get('x-ratelimit-reset-tokens')).toBe('400ms');
  });

  it('a provider 500 is a 502 the SDK retries: it fails with maxRetries 0 and succeeds on its retry', async () => {
    s.c.provider.script.push(PROVIDER_ERRORS.server);
    const err = await rejectionOf(s.warden.chat.completions.create({ model: 'gpt-rich', messages: ask('hi') }));
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err).toMatchObject({ status: 502 });
    expect(s.c.provider.requests).toHaveLength(1);
    s.c.provider.reset();
    s.c.provider.script.push(PROVIDER_ERRORS.server, { kind: 'text', text: 'second time lucky' });
    const retrying = new OpenAI({ baseURL: `${s.c.gw.url}/v1`, apiKey: TEST_KEY, maxRetries: 1 });
    const r = await retrying.chat.completions.create({ model: 'gpt-rich', messages: ask('hi') });
    expect(r.choices[0]?.message.content).toBe('second time lucky');
    expect(s.c.provider.requests).toHaveLength(2);
  });
});

describe('AI SDK (.chat) and LangChain: provider details and errors', () => {
  it('AI SDK reports cached and reasoning tokens and the logprobs', async () => {
    s.c.provider.script.push(ANSWER);
    const openai = createOpenAI({ baseURL: `${s.c.gw.url}/v1`, apiKey: TEST_KEY });
    const r = await generateText({ model: openai.chat('gpt-rich'), prompt: 'Capital?', providerOptions: { openai: { logprobs: true } }, maxRetries: 0 });
    expect(r.usage.inputTokenDetails.cacheReadTokens).toBe(8);
    expect(r.usage.outputTokenDetails.reasoningTokens).toBe(3);
    expect((r.providerMetadata?.openai?.logprobs as { token: string }[] | undefined)?.map((t) => t.token).join('')).toBe(ANSWER.text);
  });

  it('AI SDK surfaces a 429 as a retryable APICallError with the provider headers', async () => {
    s.c.provider.script.push(PROVIDER_ERRORS.rateLimit);
    const openai = createOpenAI({ baseURL: `${s.c.gw.url}/v1`, apiKey: TEST_KEY });
    const err = await rejectionOf(generateText({ model: openai.chat('gpt-rich'), prompt: 'hi', maxRetries: 0 }));
    expect(APICallError.isInstance(err)).toBe(true);
    const e = err as APICallError;
    expect(e).toMatchObject({ statusCode: 429, isRetryable: true });
    expect(e.responseHeaders?.['retry-after']).toBe('7');
  });

  it('LangChain reports cached and reasoning tokens, and the provider 400 becomes its ContextOverflowError', async () => {
    s.c.provider.script.push(ANSWER, PROVIDER_ERRORS.contextLength);
    const chat = new ChatOpenAI({ model: 'gpt-rich', apiKey: TEST_KEY, maxRetries: 0, configuration: { baseURL: `${s.c.gw.url}/v1` } });
    const msg = await chat.invoke('Capital?');
    expect(msg.usage_metadata).toMatchObject({ input_token_details: { cache_read: 8 }, output_token_details: { reasoning: 3 } });
    const err = await rejectionOf(chat.invoke('long'));
    expect(err).toBeInstanceOf(ContextOverflowError);
    expect(err).toMatchObject({ cause: { status: 400, code: 'context_length_exceeded', param: 'messages' } });
  });
});
