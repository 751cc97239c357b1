/** The upstreams of bench/gateway.ts: a fake OpenAI-compatible provider and a bare pass-through proxy. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';

const ANSWER = 'Sure. Here is a short answer that a model might give to a question like yours, with a few sentences of text. ';
export const STREAM_CHUNKS = 40;

function chunk(content: string | null, finish: string | null): string {
  const delta = content === null ? {} : { content };
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'bench', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

/** Fake provider: answers instantly (~340 characters as JSON), or STREAM_CHUNKS SSE chunks chunkDelayMs apart. */
export async function fakeProvider(req: IncomingMessage, res: ServerResponse, chunkDelayMs: number): Promise<void> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { stream?: boolean };
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'c1',
        object: 'chat.completion',
        created: 1,
        model: 'bench',
        choices: [{ index: 0, message: { role: 'assistant', content: ANSWER.repeat(3) }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 256, completion_tokens: 60, total_tokens: 316 },
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (let i = 0; i < STREAM_CHUNKS; i++) {
    res.write(chunk(`tok${i} and more `, null));
    if (chunkDelayMs > 0) await new Promise((r) => setTimeout(r, chunkDelayMs));
  }
  res.end(`${chunk(null, 'stop')}data: [DONE]\n\n`);
}

export async function listen(server: ReturnType<typeof createServer>): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Bare pass-through proxy: the baseline any proxy pays (fastify + undici, no checks). */
export async function bareProxy(upstream: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });
  app.post('/v1/chat/completions', async (req, reply) => {
    const res = await request(`${upstream}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(req.body),
    });
    reply.code(res.statusCode).header('content-type', String(res.headers['content-type'] ?? 'application/json'));
    return reply.send(res.body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

/** The policy scans a scanning proxy runs: input verdict on the messages, output text after redaction. */
export interface Scans {
  /** False when the input is blocked. */
  input(messages: { role: string; content: string }[]): boolean;
  output(text: string): string;
}

interface ChatBody {
  messages: { role: string; content: string }[];
}
interface ChatAnswer {
  choices: { message: { content: string } }[];
}

/**
 * The bare proxy plus the policy's input and output scans and nothing else (no identity, limits, audit or
 * validation): a floor under what any gateway that scans both ways costs per request, next to which
 * Warden's figures can be read. Non-streaming only (a streamed answer needs an incremental scan).
 */
export async function scanningProxy(upstream: string, scans: Scans): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });
  app.post('/v1/chat/completions', async (req, reply) => {
    const body = req.body as ChatBody;
    if (!scans.input(body.messages)) return reply.code(400).send({ error: { message: 'blocked', type: 'policy_violation' } });
    const res = await request(`${upstream}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.body.json()) as ChatAnswer;
    for (const c of answer.choices) c.message.content = scans.output(c.message.content);
    return reply.code(res.statusCode).send(answer);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}
