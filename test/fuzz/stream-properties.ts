/**
 * Upstream stream parsing (upstreams/openai.ts, upstreams/anthropic.ts over stream/sse.ts): what the client-side
 * stream renderers write, cut into arbitrary byte chunks, parses back to the same events; garbage and
 * truncated streams end in events or a clean upstream GatewayError.
 */
import fc from 'fast-check';
import { GatewayError, type WireProtocol } from '../../src/gateway/errors.js';
import { anthropicEvents } from '../../src/gateway/upstreams/anthropic.js';
import { openaiEvents } from '../../src/gateway/upstreams/openai.js';
import type { ToolCall } from '../../src/spec/tools.js';
import type { FinishReason, StreamEvent, Usage } from '../../src/gateway/upstreams/types.js';
import { anyText, chatText, cuts } from './arbitraries.js';
import { byteChunks, checkProperty, ensure, fromChunks, type FuzzProperty } from './harness.js';
import { WIRES } from './wire-properties.js';

type Piece = { text: string } | { call: ToolCall };

const piece: fc.Arbitrary<Piece> = fc.oneof(
  { arbitrary: chatText.map((text) => ({ text })), weight: 4 },
  { arbitrary: fc.record({ id: fc.string({ maxLength: 8 }), name: fc.string({ maxLength: 8 }), arguments: fc.oneof(fc.json({ maxDepth: 2 }), chatText) }).map((call) => ({ call })), weight: 1 },
);

const streamCase = fc.record({
  protocol: fc.constantFrom<WireProtocol>('openai', 'anthropic'),
  id: fc.string({ maxLength: 12 }),
  model: fc.string({ maxLength: 12 }),
  pieces: fc.array(piece, { maxLength: 8 }),
  finish: fc.constantFrom<FinishReason>('stop', 'length', 'tool_calls', 'content_filter'),
  usage: fc.option(fc.record({ promptTokens: fc.nat(), completionTokens: fc.nat() }), { nil: undefined }),
  failed: fc.boolean(),
  cuts,
});

function eventsOf(protocol: WireProtocol, chunks: readonly Buffer[]): AsyncGenerator<StreamEvent> {
  return protocol === 'openai' ? openaiEvents(fromChunks(chunks)) : anthropicEvents(fromChunks(chunks));
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<{ events: StreamEvent[]; error?: unknown }> {
  const out: StreamEvent[] = [];
  try {
    for await (const e of events) out.push(e);
  } catch (error) {
    return { events: out, error };
  }
  return { events: out };
}

const UPSTREAM_CODES = new Set(['upstream_error', 'upstream_bad_response']);

function ensureCleanError(error: unknown): void {
  ensure(error instanceof GatewayError, `stream parsing threw a non-GatewayError: ${String(error)}`);
  ensure(UPSTREAM_CODES.has(error.code), `stream parsing threw ${error.code}`);
}

const renderedStreamRoundTrip: FuzzProperty = {
  name: 'stream.rendered-sse-round-trip',
  weight: 10,
  run: (params) =>
    checkProperty(
      fc.asyncProperty(streamCase, async (c) => {
        const r = WIRES[c.protocol].streamRenderer({ stream_options: { include_usage: true } });
        let sse = r.start(c.id, c.model);
        const calls: ToolCall[] = [];
        for (const p of c.pieces) {
          if ('text' in p) sse += r.text(p.text);
          else sse += r.tool(calls.push(p.call) - 1, p.call);
        }
        sse += c.failed ? r.error(new GatewayError('upstream_error', 'fuzz')) : r.end(c.finish, c.usage);
        const { events, error } = await collect(eventsOf(c.protocol, byteChunks(sse, c.cuts)));
        const start = events[0];
        ensure(start?.type === 'start' && start.id === c.id && start.model === c.model, 'start event lost or changed');
        const text = events.map((e) => (e.type === 'text' ? e.text : '')).join('');
        ensure(text === c.pieces.map((p) => ('text' in p ? p.text : '')).join(''), 'streamed text changed');
        const args = new Map<number, string>();
        for (const e of events) if (e.type === 'tool') args.set(e.index, (args.get(e.index) ?? '') + e.args);
        ensure(args.size === calls.length, `${calls.length} tool calls came back as ${args.size}`);
        calls.forEach((call, i) => ensure(args.get(i) === call.arguments, `tool call ${i} arguments changed`));
        if (c.failed) {
          ensureCleanError(error);
          return;
        }
        ensure(error === undefined, `a complete stream failed: ${String(error)}`);
        const end = events[events.length - 1];
        const expected = c.protocol === 'anthropic' && calls.length > 0 && c.finish === 'stop' ? 'tool_calls' : c.finish;
        ensure(end?.type === 'end' && end.finishReason === expected, 'end event lost or finish reason changed');
        // Absent usage stays absent where the protocol allows it (OpenAI); Anthropic's event requires counts.
        if (c.usage === undefined && c.protocol === 'openai') {
          ensure(end.usage === undefined, 'usage invented');
          return;
        }
        const want: Usage = c.usage ?? { promptTokens: 0, completionTokens: 0 };
        ensure(end.usage?.completionTokens === want.completionTokens, 'completion tokens changed');
      }),
      params,
    ),
};

/** SSE-like noise: real frames, broken frames, stray fields and raw text. */
const garbageFrame = fc.oneof(
  fc.constantFrom(
    'data: [DONE]\n\n',
    'event: ping\ndata: {"type":"ping"}\n\n',
    'data: {"choices":[{"delta":{"content":"hi"}}]}\n\n',
    'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    'data: {"error":{"message":"boom"}}\n\n',
    'data: {"type":"error","error":{}}\n\n',
    'data: {"choices": [ {not json\n\n',
    ': comment\n',
    'retry: 10\n',
    '\r\n',
    'data:\n\n',
    'data: null\n\n',
    'data: []\n\n',
  ),
  fc.jsonValue({ maxDepth: 3 }).map((v) => `data: ${JSON.stringify(v)}\n\n`),
  fc.tuple(fc.constantFrom('message_start', 'content_block_start', 'content_block_delta', 'message_delta', 'error'), fc.jsonValue({ maxDepth: 3 })).map(([e, v]) => `event: ${e}\ndata: ${JSON.stringify(v)}\n\n`),
  anyText,
);

const garbageStream: FuzzProperty = {
  name: 'stream.garbage-sse',
  weight: 10,
  run: (params) =>
    checkProperty(
      fc.asyncProperty(fc.constantFrom<WireProtocol>('openai', 'anthropic'), fc.array(garbageFrame, { maxLength: 10 }), cuts, async (protocol, frames, at) => {
        const { events, error } = await collect(eventsOf(protocol, byteChunks(frames.join(''), at)));
        if (error !== undefined) ensureCleanError(error);
        else ensure(events[events.length - 1]?.type === 'end', 'a stream that did not fail has no end event');
        ensure(events.filter((e) => e.type === 'end').length <= 1, 'more than one end event');
      }),
      params,
    ),
};

export const streamProperties: FuzzProperty[] = [renderedStreamRoundTrip, garbageStream];
