/** The official `openai` SDK (6) with baseURL `http://host:port/v1`: what it surfaces through Warden, compared with the provider read directly. */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INJECTION, TEST_KEY, rejectionOf, startCompat, type Compat } from './setup.js';

let c: Compat;
let warden: OpenAI;
let direct: OpenAI;

beforeAll(async () => {
  c = await startCompat();
  warden = new OpenAI({ baseURL: `${c.gw.url}/v1`, apiKey: TEST_KEY, maxRetries: 0 });
  direct = new OpenAI({ baseURL: `${c.provider.url}/v1`, apiKey: 'sk-fake', maxRetries: 0 });
});
afterAll(() => c.close());
beforeEach(() => c.provider.reset());

const ask = (content: string) => [{ role: 'user' as const, content }];

async function streamText(client: OpenAI, model: string): Promise<{ text: string; finish: string | null }> {
  const stream = await client.chat.completions.create({ model, stream: true, messages: ask('Count to three') });
  let text = '';
  let finish: string | null = null;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  return { text, finish };
}

describe('openai SDK: chat completions through Warden', () => {
  it('generates the provider answer: message, finish reason and token counts as read directly', async () => {
    const reply = { kind: 'text', text: 'Paris is the capital of France.' } as const;
    c.provider.script.push(reply, reply);
    const mine = await direct.chat.completions.create({ model: 'fake-model', messages: ask('Capital of France?') });
    const theirs = await warden.chat.completions.create({ model: 'gpt-rich', messages: ask('Capital of France?') });
    expect(theirs.choices[0]?.message.content).toBe(mine.choices[0]?.message.content);
    expect(theirs.choices[0]?.finish_reason).toBe('stop');
    expect(theirs.usage?.prompt_tokens).toBe(mine.usage?.prompt_tokens);
    expect(theirs.usage?.completion_tokens).toBe(mine.usage?.completion_tokens);
    expect(c.provider.requests[1]?.body).toMatchObject({ model: 'fake-model', messages: ask('Capital of France?') });
    expect(c.provider.requests[1]?.path).toBe('/v1/chat/completions');
  });

  it('streams the same text with the same finish reason', async () => {
    const reply = { kind: 'text', text: 'One, two, three.', chunks: ['One', ', two', ', thr', 'ee.'] } as const;
    c.provider.script.push(reply, reply);
    const mine = await streamText(direct, 'fake-model');
    const theirs = await streamText(warden, 'gpt-rich');
    expect(theirs).toEqual(mine);
    expect(theirs).toEqual({ text: 'One, two, three.', finish: 'stop' });
  });

  it('returns a tool call, JSON and streamed, and carries the tool result back to the provider', async () => {
    const call = { kind: 'tool', name: 'get_weather', args: { city: 'Oslo', unit: 'celsius' } } as const;
    c.provider.script.push(call, call, { kind: 'text', text: 'It is 3 degrees in Oslo.' });
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } } } },
    ];
    const r = await warden.chat.completions.create({ model: 'gpt-rich', tools, messages: ask('Weather in Oslo?') });
    const toolCall = r.choices[0]?.message.tool_calls?.[0];
    expect(r.choices[0]?.finish_reason).toBe('tool_calls');
    expect(toolCall?.type === 'function' && toolCall.function.name).toBe('get_weather');
    expect(toolCall?.type === 'function' && JSON.parse(toolCall.function.arguments)).toEqual({ city: 'Oslo', unit: 'celsius' });

    const runner = warden.chat.completions.stream({ model: 'gpt-rich', tools, messages: ask('Weather in Oslo?') });
    const streamed = await runner.finalChatCompletion();
    const streamedCall = streamed.choices[0]?.message.tool_calls?.[0];
    expect(streamedCall?.type === 'function' && JSON.parse(streamedCall.function.arguments)).toEqual({ city: 'Oslo', unit: 'celsius' });

    const id = toolCall?.id ?? '';
    const next = await warden.chat.completions.create({
      model: 'gpt-rich',
      tools,
      messages: [...ask('Weather in Oslo?'), { role: 'assistant', content: null, tool_calls: toolCall ? [toolCall] : [] }, { role: 'tool', tool_call_id: id, content: '3 degrees, light snow' }],
    });
    expect(next.choices[0]?.message.content).toBe('It is 3 degrees in Oslo.');
    expect(c.provider.requests[2]?.body.messages).toContainEqual({ role: 'tool', tool_call_id: id, content: '3 degrees, light snow' });
  });

  it('forwards response_format and returns the structured answer', async () => {
    c.provider.script.push({ kind: 'json', value: { city: 'Oslo', population: 709_000 } });
    const format = {
      type: 'json_schema' as const,
      json_schema: { name: 'city', strict: true, schema: { type: 'object', properties: { city: { type: 'string' }, population: { type: 'number' } }, required: ['city', 'population'], additionalProperties: false } },
    };
    const r = await warden.chat.completions.create({ model: 'gpt-rich', response_format: format, messages: ask('Largest city in Norway?') });
    expect(JSON.parse(r.choices[0]?.message.content ?? '')).toEqual({ city: 'Oslo', population: 709_000 });
    expect(c.provider.requests[0]?.body.response_format).toEqual(format);
  });

  it('surfaces an input block as BadRequestError with code content_filter, without calling the provider', async () => {
    const err = await rejectionOf(warden.chat.completions.create({ model: 'gpt-rich', messages: ask(INJECTION) }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'content_filter' });
    expect(c.provider.requests).toHaveLength(0);
  });
});
