/** The official `@anthropic-ai/sdk` with baseURL `http://host:port` (it appends /v1 itself): what it surfaces through Warden. */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

const ask = (content: string) => ({ max_tokens: 256, messages: [{ role: 'user' as const, content }] });

const weather: Anthropic.Tool = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };

describe('Anthropic SDK: messages through Warden', () => {
  it('generates the provider answer as read directly, calling /v1/messages', async () => {
    const reply = { kind: 'text', text: 'Bonjour tout le monde.' } as const;
    c.provider.script.push(reply, reply);
    const mine = await direct.messages.create({ model: 'claude-fake', ...ask('Hello in French') });
    const theirs = await warden.messages.create({ model: 'claude-rich', ...ask('Hello in French') });
    expect(theirs.content).toEqual(mine.content);
    expect(theirs.stop_reason).toBe('end_turn');
    expect(theirs.usage.output_tokens).toBe(mine.usage.output_tokens);
    expect(c.provider.requests.map((r) => r.path)).toEqual(['/v1/messages', '/v1/messages']);
  });

  it('streams text the SDK assembles into the same message content', async () => {
    const reply = { kind: 'text', text: 'One, two, three.', chunks: ['One', ', two', ', three.'] } as const;
    c.provider.script.push(reply);
    const stream = warden.messages.stream({ model: 'claude-rich', ...ask('Count') });
    let text = '';
    stream.on('text', (t) => {
      text += t;
    });
    const final = await stream.finalMessage();
    expect(text).toBe('One, two, three.');
    expect(final.content).toEqual([{ type: 'text', text: 'One, two, three.' }]);
    expect(final.stop_reason).toBe('end_turn');
  });

  it('returns tool_use, JSON and streamed, and carries the tool_result back', async () => {
    const call = { kind: 'tool', name: 'get_weather', args: { city: 'Oslo' } } as const;
    c.provider.script.push(call, call, { kind: 'text', text: '3 degrees in Oslo.' });
    const first = await warden.messages.create({ model: 'claude-rich', tools: [weather], ...ask('Weather in Oslo?') });
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    expect(use).toMatchObject({ name: 'get_weather', input: { city: 'Oslo' } });

    const streamed = await warden.messages.stream({ model: 'claude-rich', tools: [weather], ...ask('Weather in Oslo?') }).finalMessage();
    expect(streamed.content.find((b) => b.type === 'tool_use')).toMatchObject({ name: 'get_weather', input: { city: 'Oslo' } });

    const next = await warden.messages.create({
      model: 'claude-rich',
      tools: [weather],
      max_tokens: 256,
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use?.id ?? '', content: '3 degrees' }] },
      ],
    });
    expect(next.content).toEqual([{ type: 'text', text: '3 degrees in Oslo.' }]);
    const sent = c.provider.requests[2]?.body.messages as { content: unknown }[];
    expect(sent.at(-1)?.content).toEqual([{ type: 'tool_result', tool_use_id: use?.id, content: '3 degrees' }]);
  });

  it('reaches the offline demo upstream the quick start serves', async () => {
    const msg = await warden.messages.create({ model: 'demo', ...ask('Hi!') });
    expect(msg.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('warden-demo-vulnerable') });
  });

  it('needs the base URL without /v1: with it, the SDK calls /v1/v1/messages and gets a 404', async () => {
    const doubled = new Anthropic({ baseURL: `${c.gw.url}/v1`, apiKey: TEST_KEY, maxRetries: 0 });
    const err = await rejectionOf(doubled.messages.create({ model: 'claude-rich', ...ask('hi') }));
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect(c.provider.requests).toHaveLength(0);
  });

  it('surfaces an input block as BadRequestError (400), without calling the provider', async () => {
    const err = await rejectionOf(warden.messages.create({ model: 'claude-rich', ...ask(INJECTION) }));
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect(err).toMatchObject({ status: 400, error: { type: 'error' } });
    expect(c.provider.requests).toHaveLength(0);
  });
});
