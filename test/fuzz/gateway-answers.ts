/** What a gateway answer must look like: protocol error JSON, well-formed completions, parseable SSE. */
import type { LightMyRequestResponse as Response } from 'fastify';
import { arr, isObj, obj, str } from '../../src/gateway/upstreams/json.js';
import { ensure } from './harness.js';

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ensure(false, `${what} is not JSON: ${text.slice(0, 120)}`);
  }
}

function ensureErrorBody(path: string, body: unknown, status: number, documented5xx: ReadonlySet<string>): void {
  if (path.startsWith('/v1/messages')) {
    ensure(isObj(body) && body.type === 'error' && isObj(body.error), `Anthropic error body expected, got ${JSON.stringify(body).slice(0, 120)}`);
    ensure(typeof body.error.type === 'string' && typeof body.error.message === 'string', 'Anthropic error without type or message');
    ensure(status < 500 || !/internal/i.test(body.error.message), `internal 5xx: ${body.error.message}`);
    ensure(status >= 500 || body.error.type !== 'api_error', `a ${status} is typed as a server fault (api_error)`);
    return;
  }
  ensure(isObj(body) && isObj(body.error), `OpenAI error body expected, got ${JSON.stringify(body).slice(0, 120)}`);
  const e = body.error;
  ensure(typeof e.message === 'string' && typeof e.type === 'string' && typeof e.code === 'string', 'OpenAI error without message, type or code');
  ensure(status < 500 || documented5xx.has(e.code), `undocumented ${status} ${e.code}: ${e.message}`);
}

/** Every `data:` of a finished SSE answer is JSON (or OpenAI's [DONE]). */
function ensureSse(text: string): void {
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data !== '[DONE]') parseJson(data, 'an SSE data line');
  }
}

export function ensureAnswerShape(req: { method: string; path: string }, res: Response, documented5xx: ReadonlySet<string>): void {
  const status = res.statusCode;
  ensure(status >= 200 && status < 600, `status ${status}`);
  if (req.method === 'HEAD' || status === 204) return;
  const path = req.path.split('?')[0] ?? '';
  const type = String(res.headers['content-type'] ?? '');
  if (status >= 400) {
    ensure(type.startsWith('application/json'), `error answered with content-type ${type}`);
    ensureErrorBody(path, parseJson(res.body, `a ${status} body`), status, documented5xx);
    return;
  }
  if (type.startsWith('text/event-stream')) {
    ensureSse(res.body);
    return;
  }
  const body = parseJson(res.body, `a ${status} body`);
  if (path === '/v1/chat/completions') ensure(isObj(body) && Array.isArray(body.choices), 'chat completion without choices');
  if (path === '/v1/messages') ensure(isObj(body) && body.type === 'message' && Array.isArray(body.content), 'message without content');
}

/** Text and tool-call arguments the client sees in a chat answer, JSON or SSE, deltas joined. */
export function visibleOutput(url: string, res: Response): string {
  const path = url.split('?')[0] ?? '';
  if (res.statusCode !== 200 || (path !== '/v1/chat/completions' && path !== '/v1/messages')) return '';
  const payloads: unknown[] = String(res.headers['content-type'] ?? '').startsWith('text/event-stream')
    ? res.body
        .split('\n')
        .filter((l) => l.startsWith('data:') && l.slice(5).trim() !== '[DONE]')
        .map((l) => JSON.parse(l.slice(5)) as unknown)
    : [JSON.parse(res.body) as unknown];
  let out = '';
  for (const p of payloads) {
    const b = obj(p);
    for (const c of arr(b.choices)) {
      const m = obj(obj(c).message ?? obj(c).delta);
      out += str(m.content) ?? '';
      for (const t of arr(m.tool_calls)) out += str(obj(obj(t).function).arguments) ?? '';
    }
    for (const block of arr(b.content)) out += (str(obj(block).text) ?? '') + JSON.stringify(obj(block).input ?? '');
    const d = obj(b.delta);
    out += (str(d.text) ?? '') + (str(d.partial_json) ?? '');
  }
  return out;
}
