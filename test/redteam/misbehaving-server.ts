/** A local OpenAI-compatible server that misbehaves on purpose: the first path segment picks the behaviour. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'ok' | 'hang' | 'garbage' | 'reset' | 'ratelimit' | 'flaky' | 'blocked' | 'unsafe' | 'anthropic';

export interface Misbehaving {
  url(mode: Mode): string;
  /** The body of the last request in each mode. */
  lastBody(mode: Mode): unknown;
  /** Requests received per mode. */
  count(mode: Mode): number;
  close(): Promise<void>;
}

function completion(res: ServerResponse, content: string): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 7, completion_tokens: 3 } }));
}

/** An Anthropic Messages answer proposing a tool call. */
function anthropicMessage(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-test',
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'delete_records', input: { table: 'customers' } }],
      stop_reason: 'tool_use',
      usage: { input_tokens: 40, output_tokens: 9 },
    }),
  );
}

export async function startMisbehaving(): Promise<Misbehaving> {
  const counts = new Map<string, number>();
  const hanging: ServerResponse[] = [];
  const bodies = new Map<string, unknown>();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const mode = (req.url ?? '').split('/')[1] as Mode;
    const n = (counts.get(mode) ?? 0) + 1;
    counts.set(mode, n);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      bodies.set(mode, JSON.parse(body || 'null'));
      if (mode === 'hang') return void hanging.push(res);
      if (mode === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('<html>not json');
      }
      if (mode === 'reset' || (mode === 'flaky' && n % 2 === 1)) return void req.socket.destroy();
      if (mode === 'ratelimit' && n % 3 !== 0) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
        return void res.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit_error' } }));
      }
      if (mode === 'blocked') {
        res.writeHead(400, { 'content-type': 'application/json', 'x-warden-blocked-rules': 'prompt-injection/instruction-override' });
        return void res.end(JSON.stringify({ error: { message: 'Request blocked by Warden policy: prompt-injection/instruction-override', type: 'policy_violation', code: 'content_filter', param: null } }));
      }
      if (mode === 'anthropic') return void anthropicMessage(res);
      completion(res, mode === 'unsafe' ? 'UNSAFE' : 'I cannot help with that.');
    });
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (mode) => `http://127.0.0.1:${port}/${mode}/v1`,
    count: (mode) => counts.get(mode) ?? 0,
    lastBody: (mode) => bodies.get(mode),
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
