/**
 * OpenAI `response_format` on an Anthropic upstream, which has no such field: the schema becomes a forced tool
 * (every Anthropic model and API version supports `tool_choice: {type: 'tool'}`), and the call the model makes to
 * that tool becomes the answer text again on the way back, in JSON answers and streams alike. Anthropic's
 * `output_format` on an OpenAI upstream becomes a `json_schema` response format.
 */
import { GatewayError } from '../errors.js';
import { arr, isObj, obj, str, type Json } from './json.js';
import type { ChatResult, StreamEvent, Upstream, UpstreamCall } from './types.js';
import { withFields } from '../../core/objects.js';

/** The forced tool's name; a client tool of the same name is refused, so a call to it is always the answer. */
export const RESPONSE_TOOL = 'json_response';

const DESCRIPTION = 'Give your final answer by calling this tool: its input is the answer, a JSON value matching the schema.';

/** The Anthropic tool that stands for an OpenAI `response_format`, or undefined for plain text. */
function responseTool(format: unknown): Json | undefined {
  if (format === undefined || format === null) return undefined;
  const f = obj(format);
  if (f.type === 'text') return undefined;
  if (f.type === 'json_object') return { name: RESPONSE_TOOL, description: DESCRIPTION, input_schema: { type: 'object' } };
  if (f.type === 'json_schema') {
    const js = obj(f.json_schema);
    if (!isObj(js.schema)) throw new GatewayError('invalid_request', 'response_format.json_schema.schema must be a JSON schema object.', { param: 'response_format' });
    if (js.schema.type !== 'object') {
      // Anthropic tool inputs are objects; another root type cannot be enforced through a tool.
      throw new GatewayError('invalid_request', 'response_format.json_schema.schema must have "type": "object" when the model is served by an Anthropic upstream.', {
        param: 'response_format',
      });
    }
    const description = str(js.description);
    return { name: RESPONSE_TOOL, description: description ? `${DESCRIPTION} ${description}` : DESCRIPTION, input_schema: js.schema };
  }
  throw new GatewayError('invalid_request', `response_format type ${JSON.stringify(String(f.type)).slice(0, 40)} is not supported for an Anthropic upstream.`, {
    param: 'response_format',
  });
}

/**
 * Adds the forced tool to a translated Anthropic body. With client tools present the model may call any of them
 * or answer through the response tool (`any`); a client choice that rules the answer out is refused.
 */
export function applyResponseFormat(out: Json, format: unknown): void {
  const tool = responseTool(format);
  if (tool === undefined) return;
  const tools = arr(out.tools).map(obj);
  if (tools.some((t) => t.name === RESPONSE_TOOL)) {
    throw new GatewayError('invalid_request', `A tool named "${RESPONSE_TOOL}" cannot be combined with response_format on an Anthropic upstream.`, { param: 'tools' });
  }
  const choice = obj(out.tool_choice);
  if (choice.type === 'none' || choice.type === 'tool') {
    throw new GatewayError('invalid_request', 'response_format cannot be combined with tool_choice "none" or a named tool on an Anthropic upstream.', {
      param: 'tool_choice',
    });
  }
  out.tools = [...tools, tool];
  out.tool_choice = tools.length > 0 ? { type: 'any' } : { type: 'tool', name: RESPONSE_TOOL };
}

/** Whether a translated body asks for the answer through the response tool. */
export function usesResponseTool(body: Json): boolean {
  return arr(body.tools).some((t) => obj(t).name === RESPONSE_TOOL);
}

/** A JSON answer: the response tool's input becomes the content; free text is not the answer and is dropped (as in streams). */
export function fromResponseTool(r: ChatResult): ChatResult {
  const answer = r.toolCalls.find((t) => t.name === RESPONSE_TOOL);
  const toolCalls = r.toolCalls.filter((t) => t !== answer);
  // The call ends the turn with tool_use; as an answer that is a stop. A truncated one keeps `length`.
  const finishReason = answer !== undefined && toolCalls.length === 0 && r.finishReason === 'tool_calls' ? 'stop' : r.finishReason;
  return withFields(r, { content: answer?.arguments ?? '', toolCalls, finishReason });
}

/** A stream: the response tool's argument deltas become text deltas; free text is dropped; other tools are renumbered from 0. */
export async function* responseToolEvents(events: AsyncIterable<StreamEvent>): AsyncGenerator<StreamEvent> {
  const answerIndexes = new Set<number>();
  const renumbered = new Map<number, number>();
  let sawAnswer = false;
  for await (const ev of events) {
    if (ev.type === 'tool') {
      if (ev.name === RESPONSE_TOOL) answerIndexes.add(ev.index);
      if (answerIndexes.has(ev.index)) {
        sawAnswer = true;
        if (ev.args !== '') yield { type: 'text', text: ev.args };
        continue;
      }
      let index = renumbered.get(ev.index);
      if (index === undefined) {
        index = renumbered.size;
        renumbered.set(ev.index, index);
      }
      yield withFields(ev, { index });
    } else if (ev.type === 'text') continue;
    else if (ev.type === 'end' && sawAnswer && renumbered.size === 0 && ev.finishReason === 'tool_calls') {
      yield withFields(ev, { finishReason: 'stop' as const });
    } else yield ev;
  }
}

/** The upstream, answering through the response tool: what the client asked for comes back as text. */
export function answeringThroughTool(upstream: Upstream): Upstream {
  return withFields(upstream, {
    complete: async (call: UpstreamCall) => fromResponseTool(await upstream.complete(call)),
    stream: async (call: UpstreamCall) => responseToolEvents(await upstream.stream(call)),
  });
}

/** Anthropic `output_format` / `output_config.format` (JSON schema output) as an OpenAI `response_format`. */
export function openaiResponseFormat(body: Json): Json | undefined {
  const format = isObj(body.output_format) ? body.output_format : obj(obj(body.output_config).format);
  if (Object.keys(format).length === 0) return undefined;
  if (format.type !== 'json_schema' || !isObj(format.schema)) {
    throw new GatewayError('invalid_request', 'Only output formats of type "json_schema" with a schema object can be sent to an OpenAI-compatible upstream.', {
      param: isObj(body.output_format) ? 'output_format' : 'output_config.format',
    });
  }
  return { type: 'json_schema', json_schema: { name: 'response', schema: format.schema, strict: true } };
}
