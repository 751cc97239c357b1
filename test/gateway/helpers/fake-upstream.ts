/**
 * A local fake provider speaking the OpenAI and Anthropic wire formats, driven by a script of
 * responses per test, including fault modes (5xx, hang, reset, malformed SSE, mid-stream disconnect).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocal, readBody } from './local-server.js';
import { responsesJson, responsesStream } from './fake-responses.js';

export type Script =
  /** `usage: false`: an OpenAI-compatible server that reports no token usage. */
  | { kind: 'text'; content: string; chunks?: string[]; finish?: string; usage?: false }
  | { kind: 'tool'; name: string; args: string; argChunks?: string[] }
  | { kind: 'status'; status: number; message?: string }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'invalid-json' }
  | { kind: 'malformed-sse'; chunks: string[] }
  | { kind: 'cut-stream'; chunks: string[] }
  | { kind: 'slow-stream'; chunks: string[]; delayMs: number };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface FakeUpstream {
  url: string;
  requests: RecordedRequest[];
  /** Responses served in order; when empty, answers echo "ok". */
  script: Script[];
  /** Resolves when a streamed response's socket closed before the stream finished (client or gateway abort). */
  aborted: number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function openaiChunk(delta: Record<string, unknown>, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model: 'fake-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

function anthropicEvent(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

function openaiStream(s: Script): string[] {
  if (s.kind === 'tool') {
    const pieces = s.argChunks ?? [s.args];
    return [
      openaiChunk({ role: 'assistant', content: null }),
      openaiChunk({ tool_calls: [{ index: 0, id: 'call_fake1', type: 'function', function: { name: s.name, arguments: '' } }] }),
      ...pieces.map((a) => openaiChunk({ tool_calls: [{ index: 0, function: { arguments: a } }] })),
      openaiChunk({}, 'tool_calls'),
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model: 'fake-model', choices: [], usage: { prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 } })}\n\n`,
      'data: [DONE]\n\n',
    ];
  }
  const chunks = s.kind === 'text' ? (s.chunks ?? [s.content]) : 'chunks' in s ? s.chunks : [];
  const frames = [openaiChunk({ role: 'assistant', content: '' }), ...chunks.map((c) => openaiChunk({ content: c }))];
  if (s.kind === 'text' || s.kind === 'slow-stream') frames.push(openaiChunk({}, s.kind === 'text' ? (s.finish ?? 'stop') : 'stop'), 'data: [DONE]\n\n');
  return frames;
}

function anthropicStream(s: Script): string[] {
  const start = anthropicEvent('message_start', {
    message: { id: 'msg_fake', type: 'message', role: 'assistant', model: 'claude-fake', content: [], stop_reason: null, usage: { input_tokens: 9, output_tokens: 0 } },
  });
  if (s.kind === 'tool') {
    return [
      start,
      anthropicEvent('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_fake1', name: s.name, input: {} } }),
      ...(s.argChunks ?? [s.args]).map((a) => anthropicEvent('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: a } })),
      anthropicEvent('content_block_stop', { index: 0 }),
      anthropicEvent('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 6 } }),
      anthropicEvent('message_stop', {}),
    ];
  }
  const chunks = s.kind === 'text' ? (s.chunks ?? [s.content]) : 'chunks' in s ? s.chunks : [];
  const frames = [
    start,
    'event: ping\ndata: {"type":"ping"}\n\n',
    anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ...chunks.map((c) => anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: c } })),
  ];
  if (s.kind === 'text' || s.kind === 'slow-stream') {
    frames.push(
      anthropicEvent('content_block_stop', { index: 0 }),
      anthropicEvent('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 4 } }),
      anthropicEvent('message_stop', {}),
    );
  }
  return frames;
}

function openaiJson(s: Script): Record<string, unknown> {
  const message =
    s.kind === 'tool'
      ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_fake1', type: 'function', function: { name: s.name, arguments: s.args } }] }
      : { role: 'assistant', content: s.kind === 'text' ? s.content : '' };
  const body: Record<string, unknown> = {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1,
    model: 'fake-model',
    choices: [{ index: 0, message, finish_reason: s.kind === 'tool' ? 'tool_calls' : 'stop' }],
  };
  if (s.kind !== 'text' || s.usage !== false) body.usage = { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 };
  return body;
}

function anthropicJson(s: Script): Record<string, unknown> {
  const content = s.kind === 'tool' ? [{ type: 'tool_use', id: 'toolu_fake1', name: s.name, input: JSON.parse(s.args) as unknown }] : [{ type: 'text', text: s.kind === 'text' ? s.content : '' }];
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model: 'claude-fake',
    content,
    stop_reason: s.kind === 'tool' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 9, output_tokens: 4 },
  };
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  const fake: FakeUpstream = { url: '', requests: [], script: [], aborted: 0, close: async () => undefined };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && (req.url ?? '').endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'fake-a', object: 'model' }, { id: 'fake-b', object: 'model' }] }));
      return;
    }
    const text = await readBody(req);
    const body = JSON.parse(text) as Record<string, unknown>;
    const path = req.url ?? '';
    fake.requests.push({ path, headers: req.headers, body });
    const anthropic = path.endsWith('/messages');
    const responses = path.endsWith('/responses');
    const s: Script = fake.script.shift() ?? { kind: 'text', content: 'ok' };
    if (s.kind === 'status') {
      res.writeHead(s.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: s.message ?? `fake upstream error ${s.status}`, type: 'server_error' } }));
      return;
    }
    if (s.kind === 'hang') return;
    if (s.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (s.kind === 'invalid-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "broken", ');
      return;
    }
    if (body.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(responses ? responsesJson(s) : anthropic ? anthropicJson(s) : openaiJson(s)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let finished = false;
    res.on('close', () => {
      if (!finished) fake.aborted += 1;
    });
    const frames = responses ? responsesStream(s) : anthropic ? anthropicStream(s) : openaiStream(s);
    if (s.kind === 'malformed-sse') frames.push('data: {"choices": [ {not json\n\n');
    for (const f of frames) {
      if (res.destroyed) return;
      res.write(f);
      await sleep(s.kind === 'slow-stream' ? s.delayMs : 1);
    }
    if (s.kind === 'cut-stream') {
      res.socket?.destroy();
      return;
    }
    finished = true;
    res.end();
  };
  const server = await listenLocal(handle);
  fake.url = server.url;
  fake.close = server.close;
  return fake;
}
