/** Server-sent events in and out: parse an upstream byte stream, format events for the client. */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { GatewayError } from '../errors.js';

/** Bounds memory when an upstream never terminates a line or an event. */
const MAX_SSE_BUFFER = 1 << 20;

/** Yields parsed events from a byte stream; a malformed or oversized stream raises upstream_bad_response. */
export async function* readSse(body: AsyncIterable<Buffer | Uint8Array | string>): AsyncGenerator<EventSourceMessage> {
  const queue: EventSourceMessage[] = [];
  let failure: string | undefined;
  const parser = createParser({
    maxBufferSize: MAX_SSE_BUFFER,
    onEvent: (e) => queue.push(e),
    onError: (e) => {
      if (e.type === 'max-buffer-size-exceeded') failure = 'upstream SSE event exceeds 1 MiB';
    },
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (failure !== undefined) throw new GatewayError('upstream_bad_response', `Upstream stream is malformed: ${failure}.`);
    while (queue.length > 0) yield queue.shift() as EventSourceMessage;
  }
  parser.feed(decoder.decode());
  parser.reset({ consume: true });
  while (queue.length > 0) yield queue.shift() as EventSourceMessage;
}

/** Parses one event's JSON data; malformed JSON is an upstream fault, not a client one. */
export function parseEventJson(e: EventSourceMessage): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(e.data);
  } catch {
    throw new GatewayError('upstream_bad_response', 'Upstream sent a stream event that is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatewayError('upstream_bad_response', 'Upstream sent a stream event that is not a JSON object.');
  }
  return value as Record<string, unknown>;
}

export function sseData(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
