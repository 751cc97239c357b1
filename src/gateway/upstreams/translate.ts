/** Request translation between the OpenAI Chat Completions and Anthropic Messages wire shapes. */
import { arr, isObj, obj, str, type Json } from './json.js';
import { applyResponseFormat, openaiResponseFormat } from './structured-output.js';

/** Anthropic requires max_tokens; OpenAI does not. */
const DEFAULT_MAX_TOKENS = 4096;

/** OpenAI content parts whose `text` is text (vLLM and the Responses API use `input_text` / `output_text`). */
const TEXT_PARTS: ReadonlySet<unknown> = new Set(['text', 'input_text', 'output_text']);

/** The text of a part the input scan read as text; other parts contribute none, so nothing unscanned is relayed. */
function partText(p: Json): string | undefined {
  if (p.type === 'refusal') return str(p.refusal);
  return TEXT_PARTS.has(p.type) ? str(p.text) : undefined;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return arr(content)
    .map((p) => partText(obj(p)) ?? '')
    .join('');
}

function parseArgs(args: string): unknown {
  try {
    const v: unknown = JSON.parse(args);
    return isObj(v) ? v : { value: v };
  } catch {
    return { arguments: args };
  }
}

function openaiContentToBlocks(content: unknown): Json[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const blocks: Json[] = [];
  for (const part of arr(content)) {
    const p = obj(part);
    const text = partText(p);
    if (text !== undefined) blocks.push({ type: 'text', text });
    const url = str(obj(p.image_url).url);
    const m = url === undefined ? null : DATA_URL.exec(url.slice(0, 128));
    if (p.type === 'image_url' && url !== undefined) {
      blocks.push(
        m ? { type: 'image', source: { type: 'base64', media_type: m[1], data: url.slice(m[0].length) } } : { type: 'image', source: { type: 'url', url } },
      );
    }
  }
  return blocks;
}

/** Matches the prefix of a base64 data URL (applied to a bounded slice). */
export const DATA_URL = /^data:([a-z]{1,10}\/[a-z0-9.+-]{1,40});base64,/;

export function openaiToAnthropic(body: Json, model: string): Json {
  const system: string[] = [];
  const messages: Json[] = [];
  const push = (role: 'user' | 'assistant', blocks: Json[]) => {
    const last = messages[messages.length - 1];
    if (last && last.role === role) (last.content as Json[]).push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const raw of arr(body.messages)) {
    const m = obj(raw);
    if (m.role === 'system' || m.role === 'developer') system.push(textOf(m.content));
    else if (m.role === 'tool') {
      push('user', [{ type: 'tool_result', tool_use_id: str(m.tool_call_id) ?? '', content: textOf(m.content) }]);
    } else if (m.role === 'assistant') {
      const blocks = openaiContentToBlocks(m.content);
      for (const t of arr(m.tool_calls)) {
        const fn = obj(obj(t).function);
        blocks.push({ type: 'tool_use', id: str(obj(t).id) ?? '', name: str(fn.name) ?? '', input: parseArgs(str(fn.arguments) ?? '{}') });
      }
      push('assistant', blocks);
    } else push('user', openaiContentToBlocks(m.content));
  }
  const out: Json = { model, messages, max_tokens: body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS };
  if (system.length > 0) out.system = system.join('\n\n');
  for (const k of ['temperature', 'top_p'] as const) if (body[k] !== undefined && body[k] !== null) out[k] = body[k];
  if (body.stop !== undefined && body.stop !== null) out.stop_sequences = typeof body.stop === 'string' ? [body.stop] : body.stop;
  const tools = arr(body.tools).map((t) => {
    const fn = obj(obj(t).function);
    return { name: str(fn.name) ?? '', description: str(fn.description), input_schema: isObj(fn.parameters) ? fn.parameters : { type: 'object' } };
  });
  if (tools.length > 0) out.tools = tools;
  const tc = body.tool_choice;
  if (tc === 'auto') out.tool_choice = { type: 'auto' };
  else if (tc === 'required') out.tool_choice = { type: 'any' };
  else if (tc === 'none') out.tool_choice = { type: 'none' };
  else if (isObj(tc)) out.tool_choice = { type: 'tool', name: str(obj(tc.function).name) ?? '' };
  applyResponseFormat(out, body.response_format);
  return out;
}

function blocksToOpenAIContent(content: unknown): string | Json[] {
  if (typeof content === 'string') return content;
  const parts: Json[] = [];
  for (const block of arr(content)) {
    const b = obj(block);
    if (b.type === 'text') parts.push({ type: 'text', text: str(b.text) ?? '' });
    if (b.type === 'image') {
      const src = obj(b.source);
      const url = src.type === 'base64' ? `data:${str(src.media_type) ?? 'image/png'};base64,${str(src.data) ?? ''}` : (str(src.url) ?? '');
      parts.push({ type: 'image_url', image_url: { url } });
    }
  }
  return parts.every((p) => p.type === 'text') ? parts.map((p) => str(p.text) ?? '').join('') : parts;
}

export function anthropicToOpenAI(body: Json, model: string): Json {
  const messages: Json[] = [];
  const system = typeof body.system === 'string' ? body.system : textOf(body.system);
  if (system !== '') messages.push({ role: 'system', content: system });
  for (const raw of arr(body.messages)) {
    const m = obj(raw);
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : arr(m.content).map(obj);
    if (m.role === 'assistant') {
      const toolCalls = blocks
        .filter((b) => b.type === 'tool_use')
        .map((b) => ({ id: str(b.id) ?? '', type: 'function', function: { name: str(b.name) ?? '', arguments: JSON.stringify(b.input ?? {}) } }));
      const msg: Json = { role: 'assistant', content: blocksToOpenAIContent(blocks.filter((b) => b.type !== 'tool_use')) };
      if (toolCalls.length > 0) msg.tool_calls = toolCalls;
      messages.push(msg);
      continue;
    }
    for (const b of blocks.filter((x) => x.type === 'tool_result')) {
      messages.push({ role: 'tool', tool_call_id: str(b.tool_use_id) ?? '', content: textOf(b.content) });
    }
    const rest = blocks.filter((b) => b.type !== 'tool_result');
    if (rest.length > 0) messages.push({ role: 'user', content: blocksToOpenAIContent(rest) });
  }
  const out: Json = { model, messages, max_tokens: body.max_tokens };
  for (const k of ['temperature', 'top_p'] as const) if (body[k] !== undefined) out[k] = body[k];
  if (Array.isArray(body.stop_sequences)) out.stop = body.stop_sequences;
  const tools = arr(body.tools).map((t) => {
    const tool = obj(t);
    return { type: 'function', function: { name: str(tool.name) ?? '', description: str(tool.description), parameters: tool.input_schema } };
  });
  if (tools.length > 0) out.tools = tools;
  const tc = obj(body.tool_choice);
  if (tc.type === 'auto') out.tool_choice = 'auto';
  else if (tc.type === 'any') out.tool_choice = 'required';
  else if (tc.type === 'none') out.tool_choice = 'none';
  else if (tc.type === 'tool') out.tool_choice = { type: 'function', function: { name: str(tc.name) ?? '' } };
  const format = openaiResponseFormat(body);
  if (format !== undefined) out.response_format = format;
  return out;
}
