/**
 * The compromised model as an OpenAI-compatible upstream (`POST /v1/chat/completions`, JSON answers or SSE
 * streams with the call's arguments split over several deltas), for the gateway door: the gateway forwards each
 * request to it, and it answers with the tool call the most recent instruction asks for
 * (bench/containment/model.ts), exactly as in the other doors.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nextTurn, type ModelMessage } from './model.js';

export interface ModelServer {
  url: string;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p: unknown) => (typeof p === 'object' && p !== null && typeof (p as Json)['text'] === 'string' ? ((p as Json)['text'] as string) : '')).join(' ');
}

/** OpenAI chat messages as the model reads them. */
export function modelMessages(body: Json): ModelMessage[] {
  const messages = Array.isArray(body['messages']) ? (body['messages'] as Json[]) : [];
  return messages.map((m) => {
    const role = m['role'] === 'assistant' || m['role'] === 'tool' || m['role'] === 'user' ? m['role'] : 'system';
    const calls = Array.isArray(m['tool_calls'])
      ? (m['tool_calls'] as Json[]).map((c) => {
          const f = (c['function'] ?? {}) as Json;
          return { name: String(f['name'] ?? ''), arguments: String(f['arguments'] ?? '') };
        })
      : undefined;
    return { role, text: textOf(m['content']), ...(calls ? { calls } : {}) };
  });
}

async function bodyOf(req: IncomingMessage): Promise<Json> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as Json;
}

function sse(res: ServerResponse, id: string, model: string, delta: Json, finish: string | null): void {
  res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
}

/** The same answer as a stream: the call's arguments in two deltas, or the text. */
function stream(res: ServerResponse, id: string, model: string, turn: ReturnType<typeof nextTurn>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  if ('call' in turn) {
    const half = Math.ceil(turn.call.arguments.length / 2);
    sse(res, id, model, { role: 'assistant', tool_calls: [{ index: 0, id: `call_${id}`, type: 'function', function: { name: turn.call.name, arguments: turn.call.arguments.slice(0, half) } }] }, null);
    sse(res, id, model, { tool_calls: [{ index: 0, function: { arguments: turn.call.arguments.slice(half) } }] }, null);
    sse(res, id, model, {}, 'tool_calls');
  } else {
    sse(res, id, model, { role: 'assistant', content: turn.text }, null);
    sse(res, id, model, {}, 'stop');
  }
  res.end('data: [DONE]\n\n');
}

export async function startModelServer(): Promise<ModelServer> {
  let n = 0;
  const server = createServer((req, res) => {
    bodyOf(req).then(
      (body) => {
        const turn = nextTurn(modelMessages(body));
        const model = String(body['model'] ?? 'compromised');
        if (body['stream'] === true) return stream(res, `s${++n}`, model, turn);
        const message =
          'call' in turn
            ? { role: 'assistant', content: null, tool_calls: [{ id: `call_${++n}`, type: 'function', function: turn.call }] }
            : { role: 'assistant', content: turn.text };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: `cmpl-${n}`,
            object: 'chat.completion',
            created: 1,
            model,
            choices: [{ index: 0, message, finish_reason: 'call' in turn ? 'tool_calls' : 'stop' }],
            usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
          }),
        );
      },
      (err: unknown) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(err), type: 'invalid_request_error' } }));
      },
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
