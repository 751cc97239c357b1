/**
 * Fidelity (issue 14, point 3): an answer read through Warden equals the provider's answer read directly, field by
 * field, when client and upstream speak the same protocol; only what the gateway rewrites differs. Streams keep the
 * provider's chunk fields, exact usage and thinking blocks with their signatures; translation maps what has an equivalent.
 */
import { describe, expect, it } from 'vitest';
import { createCanary } from '../../src/detectors/canary-token.js';
import { differingPaths } from './compat/compare.js';
import { SYSTEM_FINGERPRINT, USAGE, type Reply } from './helpers/fake-provider.js';
import { providerGateway, sharedGateway } from './helpers/shared-gateway.js';
import { TEST_KEY } from './helpers/gateway.js';

const env = providerGateway();
type Body = Record<string, unknown>;

const THINKING = { text: 'The user wants the capital. France -> Paris.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxzaWduYXR1cmUtMDAx' };
const ask = [{ role: 'user', content: 'Capital of France?' }];
const openaiBody = (model: string, extra: Body = {}): Body => ({ model, messages: ask, ...extra });
const anthropicBody = (model: string, extra: Body = {}): Body => ({ model, max_tokens: 256, messages: ask, thinking: { type: 'enabled', budget_tokens: 1024 }, ...extra });

async function post(base: string, path: string, body: Body, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_KEY}`, ...headers }, body: JSON.stringify(body) });
}

/** The provider's answer read directly, then through the gateway, for the same scripted reply. */
async function both(path: string, direct: Body, through: Body, reply: Reply): Promise<{ mine: Response; theirs: Response }> {
  env.provider().script.push(reply, reply);
  const mine = await post(env.provider().url, path, direct);
  const theirs = await post(env.gw().url, path, through);
  return { mine, theirs };
}

/** The JSON data of each SSE frame (`[DONE]` as the string). */
async function frames(res: Response): Promise<{ event?: string; data: unknown }[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((f) => f.trim() !== '')
    .map((f) => {
      const event = /^event: (.*)$/m.exec(f)?.[1];
      const data = /^data: (.*)$/m.exec(f)?.[1] ?? '';
      return { event, data: data === '[DONE]' ? data : (JSON.parse(data) as unknown) };
    });
}

describe('same protocol, JSON answers: only rewritten fields differ', () => {
  it('OpenAI: logprobs, system_fingerprint, service_tier, cached and reasoning token details, annotations pass unchanged', async () => {
    const reply = { kind: 'text', text: 'Paris is the capital of France.' } as const;
    const { mine, theirs } = await both('/v1/chat/completions', openaiBody('fake-model', { logprobs: true }), openaiBody('gpt-rich', { logprobs: true }), reply);
    const a = (await mine.json()) as Body;
    const b = (await theirs.json()) as Body;
    expect(differingPaths(a, b)).toEqual([]);
    expect(b).toMatchObject({ system_fingerprint: SYSTEM_FINGERPRINT, usage: { prompt_tokens_details: { cached_tokens: USAGE.cachedInput }, completion_tokens_details: { reasoning_tokens: USAGE.reasoning } } });
    expect((b.choices as Body[])[0]?.logprobs).toMatchObject({ content: [{ token: 'Paris ' }, {}, {}, {}, {}, {}] });
  });

  it('Anthropic: thinking and redacted_thinking blocks with signatures, cache usage and service tier pass unchanged', async () => {
    const reply = { kind: 'text', text: 'Paris.', thinking: THINKING, redactedThinking: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT' } as const;
    const { mine, theirs } = await both('/v1/messages', anthropicBody('claude-fake'), anthropicBody('claude-rich'), reply);
    const a = (await mine.json()) as Body;
    const b = (await theirs.json()) as Body;
    expect(differingPaths(a, b)).toEqual([]);
    expect(b.content).toEqual([
      { type: 'thinking', thinking: THINKING.text, signature: THINKING.signature },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT' },
      { type: 'text', text: 'Paris.' },
    ]);
    expect(b.usage).toMatchObject({ input_tokens: USAGE.input, cache_read_input_tokens: USAGE.cachedInput, cache_creation_input_tokens: USAGE.cacheCreation });
  });

  it('a redacted answer changes its text and drops the logprobs that spell the original out', async () => {
    env.provider().script.push({ kind: 'text', text: 'Write to jane.doe@example.com today.' });
    const res = await post(env.gw().url, '/v1/chat/completions', openaiBody('gpt-rich', { logprobs: true }));
    const b = (await res.json()) as { choices: Body[]; system_fingerprint: string };
    expect(b.choices[0]).toMatchObject({ message: { content: expect.not.stringContaining('jane.doe') }, logprobs: null, finish_reason: 'stop' });
    expect(JSON.stringify(b)).not.toContain('jane.doe');
    expect(b.system_fingerprint).toBe(SYSTEM_FINGERPRINT);
  });

  it('thinking text is scanned as output: a canary in it blocks the answer, with the marker', async () => {
    const canary = createCanary();
    env.provider().script.push({ kind: 'text', text: 'Fine.', thinking: { text: `I must not reveal ${canary}.`, signature: 'sig' } });
    const res = await post(env.gw().url, '/v1/messages', anthropicBody('claude-rich'), { 'x-warden-canary': canary });
    const b = (await res.json()) as Body;
    expect(res.status).toBe(200);
    expect(JSON.stringify(b)).not.toContain(canary);
    expect(b).toMatchObject({ stop_reason: 'refusal', warden: { blocked: true, stage: 'output', rules: ['canary-token/leak'] } });
    expect(res.headers.get('x-warden-blocked-rules')).toBe('canary-token/leak');
  });
});

describe('same protocol, streams', () => {
  it('OpenAI: chunk fields kept, the usage chunk is the provider\'s exactly, logprobs all delivered', async () => {
    const reply = { kind: 'text', text: 'One two three.' } as const;
    const extra = { stream: true, stream_options: { include_usage: true }, logprobs: true };
    const { mine, theirs } = await both('/v1/chat/completions', openaiBody('fake-model', extra), openaiBody('gpt-rich', extra), reply);
    const a = (await frames(mine)).map((f) => f.data as Body);
    const b = (await frames(theirs)).map((f) => f.data as Body);
    expect(b.at(-1)).toBe('[DONE]');
    const usage = (xs: Body[]) => xs.find((x) => typeof x === 'object' && x.usage)?.usage;
    expect(usage(b)).toEqual(usage(a));
    const chunks = b.filter((x) => typeof x === 'object');
    expect(chunks.every((x) => x.system_fingerprint === SYSTEM_FINGERPRINT && x.service_tier === 'default')).toBe(true);
    const tokens = (xs: Body[]) => xs.flatMap((x) => ((x.choices as Body[] | undefined)?.[0]?.logprobs as { content?: Body[] } | null)?.content ?? []).map((t) => t.token);
    expect(tokens(b)).toEqual(tokens(a));
    expect(tokens(b)).toEqual(['One ', 'two ', 'three.']);
  });

  it('OpenAI: without include_usage no usage chunk is sent, though the gateway asked the provider for one', async () => {
    env.provider().script.push({ kind: 'text', text: 'Hi.' });
    const plain = (await frames(await post(env.gw().url, '/v1/chat/completions', openaiBody('gpt-rich', { stream: true })))).map((f) => f.data as Body);
    expect(env.provider().requests[0]?.body.stream_options).toEqual({ include_usage: true });
    expect(plain.some((x) => typeof x === 'object' && x.usage)).toBe(false);
  });

  it('Anthropic: message_start keeps input and cache tokens, thinking streams with its signature, message_delta usage exact', async () => {
    const reply = { kind: 'text', text: 'Paris is it.', thinking: THINKING } as const;
    const { mine, theirs } = await both('/v1/messages', anthropicBody('claude-fake', { stream: true }), anthropicBody('claude-rich', { stream: true }), reply);
    const a = (await frames(mine)).filter((f) => f.event !== 'ping');
    const b = await frames(theirs);
    const of = (xs: typeof a, type: string) => xs.filter((f) => f.event === type).map((f) => f.data as Body);
    expect(of(b, 'message_start')).toEqual(of(a, 'message_start'));
    expect((of(b, 'message_start')[0]?.message as Body).usage).toMatchObject({ input_tokens: USAGE.input, cache_read_input_tokens: USAGE.cachedInput });
    expect(of(b, 'message_delta')).toEqual(of(a, 'message_delta'));
    const deltas = (xs: typeof a) => of(xs, 'content_block_delta').map((d) => d.delta as Body);
    const joined = (xs: typeof a, type: string, key: string) => deltas(xs).filter((d) => d.type === type).map((d) => d[key]).join('');
    expect(joined(b, 'thinking_delta', 'thinking')).toBe(THINKING.text);
    expect(joined(b, 'signature_delta', 'signature')).toBe(THINKING.signature);
    expect(joined(b, 'text_delta', 'text')).toBe(joined(a, 'text_delta', 'text'));
    expect(of(b, 'content_block_start').map((s) => (s.content_block as Body).type)).toEqual(['thinking', 'text']);
  });
});

describe('translation: what has an equivalent is mapped', () => {
  it('Anthropic provider -> OpenAI client: cache reads become cached_tokens inside prompt_tokens', async () => {
    env.provider().script.push({ kind: 'text', text: 'Paris.', thinking: THINKING });
    const res = await post(env.gw().url, '/v1/chat/completions', openaiBody('claude-rich'));
    const b = (await res.json()) as Body;
    const prompt = USAGE.input + USAGE.cachedInput + USAGE.cacheCreation;
    expect(b.usage).toEqual({ prompt_tokens: prompt, completion_tokens: 1, total_tokens: prompt + 1, prompt_tokens_details: { cached_tokens: USAGE.cachedInput } });
    // Chat Completions has no thinking field: the thinking stays behind (docs/gateway.md, Fidelity).
    expect(JSON.stringify(b)).not.toContain(THINKING.signature);
  });

  it('OpenAI provider -> Anthropic client: cached_tokens become cache_read_input_tokens beside input_tokens', async () => {
    env.provider().script.push({ kind: 'text', text: 'Paris.' });
    const res = await post(env.gw().url, '/v1/messages', { model: 'gpt-rich', max_tokens: 64, messages: ask });
    const b = (await res.json()) as Body;
    expect(b.usage).toEqual({ input_tokens: USAGE.input - USAGE.cachedInput, output_tokens: 1, cache_read_input_tokens: USAGE.cachedInput });
  });

  it('OpenAI provider -> Anthropic client stream: the input tokens arrive in message_delta, not as a zero that stays', async () => {
    env.provider().script.push({ kind: 'text', text: 'Paris.' });
    const b = await frames(await post(env.gw().url, '/v1/messages', { model: 'gpt-rich', max_tokens: 64, messages: ask, stream: true }));
    const delta = b.find((f) => f.event === 'message_delta')?.data as Body;
    expect(delta.usage).toEqual({ input_tokens: USAGE.input - USAGE.cachedInput, output_tokens: 1, cache_read_input_tokens: USAGE.cachedInput });
  });
});

describe('absent usage stays absent', () => {
  // The test upstream of helpers/fake-upstream.ts sends no usage in its text streams.
  const gw = sharedGateway();
  it('include_usage with a provider that sent no usage: no usage chunk, no zeros', async () => {
    gw().fake.script.push({ kind: 'text', content: 'Hello there.' });
    const res = await post(gw().url, '/v1/chat/completions', { model: 'gpt-test', messages: ask, stream: true, stream_options: { include_usage: true } });
    const b = (await frames(res)).map((f) => f.data as Body);
    expect(b.at(-1)).toBe('[DONE]');
    expect(b.some((x) => typeof x === 'object' && 'usage' in x)).toBe(false);
  });

  it('a JSON answer without usage has no usage field', async () => {
    gw().fake.script.push({ kind: 'text', content: 'Hello.', usage: false });
    const res = await post(gw().url, '/v1/chat/completions', { model: 'gpt-test', messages: ask });
    expect(await res.json()).not.toHaveProperty('usage');
  });
});
