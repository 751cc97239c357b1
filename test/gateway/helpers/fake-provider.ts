/**
 * A fake model provider on a real node:http server, speaking OpenAI (chat completions, responses, legacy
 * completions, embeddings) and Anthropic (messages, count_tokens) with the rich fields real providers send
 * (logprobs, system_fingerprint, cached and reasoning token details, thinking blocks with signatures, cache
 * usage, exact stream usage). Each test scripts its answers, including provider errors with their headers,
 * malformed SSE and a connection closed mid-event. Point a client at it directly, or a gateway upstream
 * (`providerUpstreams`), to compare the two answers field by field.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { countTokensJson, messageJson, messageStream } from './fake-provider/anthropic.js';
import { chatJson, chatStream, completionJson, completionStream, embeddingsJson } from './fake-provider/openai.js';
import { forcedTool, isRecord, type Body, type Frames, type ProviderError, type Reply } from './fake-provider/replies.js';
import { responseJson, responseStream } from './fake-provider/responses.js';
import { listenLocal, readBody } from './local-server.js';

export { PROVIDER_ERRORS, RATE_LIMIT_HEADERS, SYSTEM_FINGERPRINT, USAGE, type ProviderError, type Reply } from './fake-provider/replies.js';
export { embeddingOf } from './fake-provider/openai.js';

/** One request the provider received. */
export interface ProviderRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Body;
}

export interface FakeProvider {
  /** Base URL without `/v1` (the Anthropic SDK's form); OpenAI clients use `${url}/v1`. */
  url: string;
  requests: ProviderRequest[];
  /** Answers served in order, one per generation request; when empty, the answer is the text "ok". */
  script: Reply[];
  /** Streams whose socket closed before they finished. */
  aborted: number;
  /** Empties the script and the recorded requests (call in beforeEach). */
  reset(): void;
  close(): Promise<void>;
}

type Endpoint = 'chat' | 'completions' | 'responses' | 'embeddings' | 'messages' | 'count_tokens';

function endpointOf(path: string): Endpoint | undefined {
  const p = path.split('?')[0] ?? '';
  if (p.endsWith('/chat/completions')) return 'chat';
  if (p.endsWith('/completions')) return 'completions';
  if (p.endsWith('/responses')) return 'responses';
  if (p.endsWith('/embeddings')) return 'embeddings';
  if (p.endsWith('/messages/count_tokens')) return 'count_tokens';
  if (p.endsWith('/messages')) return 'messages';
  return undefined;
}

const IDS: Record<Endpoint, string> = {
  chat: 'chatcmpl-fake1',
  completions: 'cmpl-fake1',
  responses: 'resp_fake1',
  embeddings: '',
  messages: 'msg_fake1',
  count_tokens: '',
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, anthropic: boolean, e: ProviderError, headers: Record<string, string>): void {
  const body = anthropic
    ? { type: 'error', error: { type: e.anthropicType, message: e.message } }
    : { error: { message: e.message, type: e.type, param: e.param, code: e.code } };
  sendJson(res, e.status, body, { ...headers, ...e.headers });
}

/** What the real Anthropic API refuses before generating: a request without max_tokens. */
function anthropicRefusal(endpoint: Endpoint, body: Body): ProviderError | undefined {
  if (endpoint !== 'messages' || typeof body.max_tokens === 'number') return undefined;
  return { kind: 'error', status: 400, message: 'max_tokens: Field required', type: 'invalid_request_error', code: null, param: null, anthropicType: 'invalid_request_error' };
}

type Answer = Exclude<Reply, { kind: 'error' }>;

/** The next scripted answer; count_tokens and embeddings answer from the request and take only a scripted fault. */
function takeReply(script: Reply[], endpoint: Endpoint): Reply {
  const next = script[0];
  const fault = next?.kind === 'error' || next?.kind === 'malformed-sse' || next?.kind === 'cut-mid-event';
  if (endpoint === 'count_tokens' || endpoint === 'embeddings') return fault ? (script.shift() ?? next) : { kind: 'text', text: '' };
  return script.shift() ?? { kind: 'text', text: 'ok' };
}

/** Structured output asked for through a forced tool is answered as a call of that tool. */
function throughForcedTool(body: Body, r: Reply): Reply {
  if (r.kind !== 'json') return r;
  const forced = forcedTool(body);
  return forced ? { kind: 'tool', name: forced, args: r.value } : r;
}

function jsonAnswer(endpoint: Endpoint, body: Body, r: Answer): Body {
  if (endpoint === 'chat') return chatJson(body, r, IDS.chat);
  if (endpoint === 'completions') return completionJson(body, r, IDS.completions);
  if (endpoint === 'responses') return responseJson(body, r, IDS.responses);
  if (endpoint === 'embeddings') return embeddingsJson(body);
  if (endpoint === 'count_tokens') return countTokensJson(body);
  return messageJson(body, r, IDS.messages);
}

function streamAnswer(endpoint: Endpoint, body: Body, r: Answer): Frames {
  if (endpoint === 'chat') return chatStream(body, r, IDS.chat);
  if (endpoint === 'completions') return completionStream(body, r, IDS.completions);
  if (endpoint === 'responses') return responseStream(body, r, IDS.responses);
  return messageStream(body, r, IDS.messages);
}

export async function startFakeProvider(): Promise<FakeProvider> {
  let served = 0;
  const fake: FakeProvider = {
    url: '',
    requests: [],
    script: [],
    aborted: 0,
    reset() {
      fake.script = [];
      fake.requests = [];
      fake.aborted = 0;
    },
    close: async () => undefined,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = req.url ?? '';
    const text = await readBody(req);
    const endpoint = endpointOf(path);
    const anthropic = endpoint === 'messages' || endpoint === 'count_tokens';
    served += 1;
    const headers: Record<string, string> = anthropic ? { 'request-id': `req_fake_${served}` } : { 'x-request-id': `req_fake_${served}`, 'openai-processing-ms': '12' };
    if (req.method === 'GET' && path.endsWith('/models')) {
      sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] }, headers);
      return;
    }
    const body: unknown = text ? JSON.parse(text) : {};
    if (!endpoint || !isRecord(body)) {
      sendJson(res, 404, { error: { message: `fake provider: no route ${req.method} ${path}`, type: 'invalid_request_error', param: null, code: null } }, headers);
      return;
    }
    fake.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    const refusal = anthropicRefusal(endpoint, body);
    if (refusal) return sendError(res, anthropic, refusal, headers);
    const r = throughForcedTool(body, takeReply(fake.script, endpoint));
    if (r.kind === 'error') return sendError(res, anthropic, r, headers);
    if (body.stream !== true || endpoint === 'embeddings' || endpoint === 'count_tokens') {
      const json = JSON.stringify(jsonAnswer(endpoint, body, r));
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      if (r.kind === 'malformed-sse') return void res.end(json.slice(0, -7));
      if (r.kind === 'cut-mid-event') {
        res.write(json.slice(0, Math.floor(json.length / 2)));
        return void res.socket?.destroy();
      }
      return void res.end(json);
    }
    const { frames, destroy } = streamAnswer(endpoint, body, r);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
    let finished = false;
    res.on('close', () => {
      if (!finished) fake.aborted += 1;
    });
    for (const f of frames) {
      if (res.destroyed) return;
      res.write(f);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (destroy) return void res.socket?.destroy();
    finished = true;
    res.end();
  };

  const { url, close } = await listenLocal(handle);
  return Object.assign(fake, { url, close });
}

/**
 * Gateway options that route `gpt-rich` (OpenAI chat completions), `gpt-native` (the same with
 * `responses: true`: /v1/responses forwarded as such) and `claude-rich` (Anthropic) to the provider; pass as `startTestGateway({ gateway: providerUpstreams(provider) })`.
 */
export function providerUpstreams(provider: FakeProvider, extra: { upstreams?: Body; models?: Body } = {}): Body {
  const timeouts = { connect_ms: 1_000, headers_ms: 2_000, body_ms: 2_000 };
  return {
    upstreams: {
      rich: { type: 'openai-compatible', base_url: `${provider.url}/v1`, timeouts },
      'rich-responses': { type: 'openai-compatible', base_url: `${provider.url}/v1`, timeouts, responses: true },
      'rich-claude': { type: 'anthropic', base_url: provider.url, timeouts },
      demo: { type: 'demo' },
      ...extra.upstreams,
    },
    models: {
      'gpt-rich': { upstream: 'rich', model: 'fake-model' },
      'gpt-native': { upstream: 'rich-responses', model: 'fake-model' },
      'claude-rich': { upstream: 'rich-claude', model: 'claude-fake' },
      demo: { upstream: 'demo', model: 'warden-demo-vulnerable' },
      ...extra.models,
    },
  };
}
