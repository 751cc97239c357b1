/**
 * A Responses API request as a Chat Completions request, for upstreams that do not speak the Responses API
 * (and, through openaiToAnthropic, for Anthropic). Only what the input scan read is carried over; what has no
 * Chat Completions equivalent and would change the answer (stored state, items by reference) is refused.
 */
import { GatewayError } from '../errors.js';
import { arr, isObj, obj, str, type Json } from './json.js';

/** Fields that need the provider to keep responses; nothing a translating gateway can honour. */
const STATEFUL: Readonly<Record<string, string>> = {
  previous_response_id: 'previous_response_id needs an upstream that speaks the Responses API (gateway.upstreams.<name>.responses: true); send the whole conversation in "input" instead',
  background: 'background responses need an upstream that speaks the Responses API',
};

function refuse(message: string, param: string): never {
  throw new GatewayError('invalid_request', `${message}.`, { param });
}

function part(p: Json, path: string): Json {
  switch (p.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: str(p.text) ?? '' };
    case 'refusal':
      return { type: 'text', text: str(p.refusal) ?? '' };
    case 'input_image': {
      const url = str(p.image_url);
      if (url === undefined) refuse('An input_image by file_id needs an upstream that speaks the Responses API; send image_url', `${path}.file_id`);
      return { type: 'image_url', image_url: p.detail === undefined ? { url } : { url, detail: p.detail } };
    }
    case 'input_file': {
      const file: Json = {};
      for (const k of ['file_data', 'file_id', 'filename']) if (typeof p[k] === 'string') file[k] = p[k];
      return { type: 'file', file };
    }
    case 'input_audio':
      return { type: 'input_audio', input_audio: p.input_audio };
    default:
      return refuse(`Content type "${String(p.type)}" cannot be translated for this upstream`, `${path}.type`);
  }
}

/** A message's content, or a tool output: a string stays a string; parts become Chat Completions parts. */
function content(v: unknown, path: string): string | Json[] {
  if (typeof v === 'string') return v;
  const parts = arr(v).map((p, i) => part(obj(p), `${path}.${i}`));
  return parts.every((p) => p.type === 'text') ? parts.map((p) => str(p.text) ?? '').join('') : parts;
}

function messagesOf(body: Json): Json[] {
  const out: Json[] = [];
  if (typeof body.instructions === 'string' && body.instructions !== '') out.push({ role: 'system', content: body.instructions });
  if (typeof body.input === 'string') {
    out.push({ role: 'user', content: body.input });
    return out;
  }
  arr(body.input).forEach((raw, i) => {
    const item = obj(raw);
    const path = `input.${i}`;
    if (item.type === 'message') {
      out.push({ role: str(item.role) ?? 'user', content: content(item.content, `${path}.content`) });
    } else if (item.type === 'function_call') {
      const call = { id: str(item.call_id) ?? '', type: 'function', function: { name: str(item.name) ?? '', arguments: str(item.arguments) ?? '' } };
      const last = out[out.length - 1];
      // Text and parallel calls of one answer are consecutive items; Chat Completions puts them in one assistant message.
      if (last?.role !== 'assistant') out.push({ role: 'assistant', content: null, tool_calls: [call] });
      else if (Array.isArray(last.tool_calls)) last.tool_calls.push(call);
      else last.tool_calls = [call];
    } else if (item.type === 'function_call_output') {
      out.push({ role: 'tool', tool_call_id: str(item.call_id) ?? '', content: content(item.output, `${path}.output`) });
    } else if (item.type === 'item_reference') {
      refuse('An item_reference needs an upstream that stores responses (gateway.upstreams.<name>.responses: true); send the item itself, or "store": false in the client', `${path}.type`);
    }
    // `reasoning` items are the provider's own state: Chat Completions has no place for them.
  });
  return out;
}

function toolChoice(v: unknown): unknown {
  if (!isObj(v)) return v;
  if (v.type === 'function') return { type: 'function', function: { name: str(v.name) ?? '' } };
  return refuse(`tool_choice of type "${String(v.type)}" cannot be translated for this upstream`, 'tool_choice');
}

function responseFormat(format: Json): Json | undefined {
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type !== 'json_schema') return undefined;
  const schema: Json = { name: str(format.name) ?? 'response', schema: format.schema };
  if (typeof format.description === 'string') schema.description = format.description;
  if (typeof format.strict === 'boolean') schema.strict = format.strict;
  return { type: 'json_schema', json_schema: schema };
}

/** Copied as they are: same name and meaning in both APIs. */
const SAME = ['temperature', 'top_p', 'parallel_tool_calls', 'user', 'safety_identifier', 'prompt_cache_key', 'service_tier'];

export function responsesToChat(body: Json, model: string): Json {
  for (const [k, why] of Object.entries(STATEFUL)) if (body[k] !== undefined && body[k] !== null && body[k] !== false) refuse(why, k);
  const out: Json = { model, messages: messagesOf(body) };
  for (const k of SAME) if (body[k] !== undefined && body[k] !== null) out[k] = body[k];
  if (typeof body.max_output_tokens === 'number') out.max_completion_tokens = body.max_output_tokens;
  const effort = obj(body.reasoning).effort;
  if (typeof effort === 'string') out.reasoning_effort = effort;
  const format = responseFormat(obj(obj(body.text).format));
  if (format !== undefined) out.response_format = format;
  const tools = arr(body.tools).map((t) => {
    const tool = obj(t);
    const fn: Json = { name: str(tool.name) ?? '', parameters: isObj(tool.parameters) ? tool.parameters : { type: 'object', properties: {} } };
    if (typeof tool.description === 'string') fn.description = tool.description;
    if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
    return { type: 'function', function: fn };
  });
  if (tools.length > 0) out.tools = tools;
  if (body.tool_choice !== undefined && body.tool_choice !== null) out.tool_choice = toolChoice(body.tool_choice);
  return out;
}
