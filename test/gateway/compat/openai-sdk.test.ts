/** The official `openai` SDK (6) with baseURL `http://host:port/v1`: what it surfaces through Warden, compared with the provider read directly. */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { INJECTION, rejectionOf, useCompat } from './setup.js';

const s = useCompat();

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
    s.c.provider.script.push(reply, reply);
    const mine = await s.direct.chat.completions.create({ model: 'fake-model', messages: ask('Capital of France?') });
    const theirs = await s.warden.chat.completions.create({ model: 'gpt-rich', messages: ask('Capital of France?') });
    expect(theirs.choices[0]?.message.content).toBe(mine.choices[0]?.message.content);
    expect(theirs.choices[0]?.finish_reason).toBe('stop');
    expect(theirs.usage?.prompt_tokens).toBe(mine.usage?.prompt_tokens);
    expect(theirs.usage?.completion_tokens).toBe(mine.usage?.completion_tokens);
    expect(s.c.provider.requests[1]?.body).toMatchObject({ model: 'fake-model', messages: ask('Capital of France?') });
    expect(s.c.provider.requests[1]?.path).toBe('/v1/chat/completions');
  });

  it('streams the same text with the same finish reason', async () => {
    const reply = { kind: 'text', text: 'One, two, three.', chunks: ['One', ', two', ', thr', 'ee.'] } as const;
    s.c.provider.script.push(reply, reply);
    const mine = await streamText(s.direct, 'fake-model');
    const theirs = await streamText(s.warden, 'gpt-rich');
    expect(theirs).toEqual(mine);
    expect(theirs).toEqual({ text: 'One, two, three.', finish: 'stop' });
  });

  it('returns a tool call, JSON and streamed, and carries the tool result back to the provider', async () => {
    const call = { kind: 'tool', name: 'get_weather', args: { city: 'Oslo', unit: 'celsius' } } as const;
    s.c.provider.script.push(call, call, { kind: 'text', text: 'It is 3 degrees in Oslo.' });
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } } } },
    ];
    const r = await s.warden.chat.completions.create({ model: 'gpt-rich', tools, messages: ask('Weather in Oslo?') });
    const toolCall = r.choices[0]?.message.tool_calls?.[0];
    expect(r.choices[0]?.finish_reason).toBe('tool_calls');
    expect(toolCall?.type === 'function' && toolCall.function.name).toBe('get_weather');
    expect(toolCall?.type === 'function' && JSON.parse(toolCall.function.arguments)).toEqual({ city: 'Oslo', unit: 'celsius' });

    const runner = s.warden.chat.completions.stream({ model: 'gpt-rich', tools, messages: ask('Weather in Oslo?') });
    const streamed = await runner.finalChatCompletion();
    const streamedCall = streamed.choices[0]?.message.tool_calls?.[0];
    expect(streamedCall?.type === 'function' && JSON.parse(streamedCall.function.arguments)).toEqual({ city: 'Oslo', unit: 'celsius' });

    const id = toolCall?.id ?? '';
    const next = await s.warden.chat.completions.create({
      model: 'gpt-rich',
      tools,
      messages: [...ask('Weather in Oslo?'), { role: 'assistant', content: null, tool_calls: toolCall ? [toolCall] : [] }, { role: 'tool', tool_call_id: id, content: '3 degrees, light snow' }],
    });
    expect(next.choices[0]?.message.content).toBe('It is 3 degrees in Oslo.');
    expect(s.c.provider.requests[2]?.body.messages).toContainEqual({ role: 'tool', tool_call_id: id, content: '3 degrees, light snow' });
  });

  it('forwards response_format and returns the structured answer', async () => {
    s.c.provider.script.push({ kind: 'json', value: { city: 'Oslo', population: 709_000 } });
    const format = {
      type: 'json_schema' as const,
      json_schema: { name: 'city', strict: true, schema: { type: 'object', properties: { city: { type: 'string' }, population: { type: 'number' } }, required: ['city', 'population'], additionalProperties: false } },
    };
    const r = await s.warden.chat.completions.create({ model: 'gpt-rich', response_format: format, messages: ask('Largest city in Norway?') });
    expect(JSON.parse(r.choices[0]?.message.content ?? '')).toEqual({ city: 'Oslo', population: 709_000 });
    expect(s.c.provider.requests[0]?.body.response_format).toEqual(format);
  });

  it('enforces response_format on an Anthropic upstream (a forced tool) and returns the JSON as the message', async () => {
    const format = { type: 'json_schema' as const, json_schema: { name: 'city', schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
    s.c.provider.script.push({ kind: 'json', value: { city: 'Oslo' } }, { kind: 'json', value: { city: 'Bergen' } });
    const r = await s.warden.chat.completions.create({ model: 'claude-rich', response_format: format, messages: ask('A city') });
    expect(JSON.parse(r.choices[0]?.message.content ?? '')).toEqual({ city: 'Oslo' });
    expect(r.choices[0]?.message.tool_calls ?? []).toEqual([]);
    expect(r.choices[0]?.finish_reason).toBe('stop');
    expect(s.c.provider.requests[0]?.body.tool_choice).toMatchObject({ type: 'tool' });
    const streamed = await s.warden.chat.completions.stream({ model: 'claude-rich', response_format: format, messages: ask('A city') }).finalChatCompletion();
    expect(JSON.parse(streamed.choices[0]?.message.content ?? '')).toEqual({ city: 'Bergen' });
  });

  it('surfaces an input block as BadRequestError with code content_filter, without calling the provider', async () => {
    const err = await rejectionOf(s.warden.chat.completions.create({ model: 'gpt-rich', messages: ask(INJECTION) }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'content_filter' });
    expect(s.c.provider.requests).toHaveLength(0);
  });
});

const PATHS = { 'gpt-native': '/v1/responses', 'gpt-rich': '/v1/chat/completions', 'claude-rich': '/v1/messages' } as const;

describe.each(Object.entries(PATHS))('openai SDK: responses through Warden to %s (provider path %s)', (model, path) => {
  const weatherTool: OpenAI.Responses.FunctionTool = {
    type: 'function',
    name: 'get_weather',
    description: 'Weather for a city',
    strict: false,
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  };

  it('creates a response: output_text, usage, the provider called on its own protocol', async () => {
    s.c.provider.script.push({ kind: 'text', text: 'Hello from the provider.' });
    const r = await s.warden.responses.create({ model, instructions: 'Be brief.', input: 'Say hello' });
    expect(r.object).toBe('response');
    expect(r.status).toBe('completed');
    expect(r.output_text).toBe('Hello from the provider.');
    expect(r.usage?.input_tokens).toBe(21);
    expect(s.c.provider.requests.map((q) => q.path)).toEqual([path]);
  });

  it('streams the typed events, text deltas adding up to the answer', async () => {
    s.c.provider.script.push({ kind: 'text', text: 'One two three.', chunks: ['One', ' two', ' three.'] });
    const stream = await s.warden.responses.create({ model, input: 'Count', stream: true });
    const types: string[] = [];
    let text = '';
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'response.output_text.delta') text += ev.delta;
    }
    expect(text).toBe('One two three.');
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types).toContain('response.output_item.done');
  });

  it('returns a function_call item and takes its function_call_output back', async () => {
    s.c.provider.script.push({ kind: 'tool', name: 'get_weather', args: { city: 'Oslo' } }, { kind: 'text', text: '3 degrees in Oslo.' });
    const first = await s.warden.responses.create({ model, input: 'Weather in Oslo?', tools: [weatherTool], store: false });
    const call = first.output.find((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call');
    expect(call?.name).toBe('get_weather');
    expect(JSON.parse(call?.arguments ?? '')).toEqual({ city: 'Oslo' });
    const next = await s.warden.responses.create({
      model,
      tools: [weatherTool],
      store: false,
      input: [
        { role: 'user', content: 'Weather in Oslo?' },
        { type: 'function_call', call_id: call?.call_id ?? '', name: 'get_weather', arguments: call?.arguments ?? '' },
        { type: 'function_call_output', call_id: call?.call_id ?? '', output: '3 degrees' },
      ],
    });
    expect(next.output_text).toBe('3 degrees in Oslo.');
    expect(JSON.stringify(s.c.provider.requests[1]?.body)).toContain('3 degrees');
  });

  it('returns structured output asked for with text.format json_schema', async () => {
    s.c.provider.script.push({ kind: 'json', value: { city: 'Oslo', country: 'Norway' } });
    const schema = { type: 'object', properties: { city: { type: 'string' }, country: { type: 'string' } }, required: ['city', 'country'], additionalProperties: false };
    const r = await s.warden.responses.create({ model, input: 'A city', text: { format: { type: 'json_schema', name: 'city', schema, strict: true } } });
    expect(JSON.parse(r.output_text)).toEqual({ city: 'Oslo', country: 'Norway' });
  });

  it('surfaces an input block as BadRequestError with code content_filter', async () => {
    const err = await rejectionOf(s.warden.responses.create({ model, input: INJECTION }));
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err).toMatchObject({ status: 400, code: 'content_filter' });
    expect(s.c.provider.requests).toHaveLength(0);
  });
});
