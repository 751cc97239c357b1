/**
 * The whole gateway through Fastify's app.inject: random methods, paths, headers, content types and bodies
 * in front of scripted in-process upstreams. No 5xx but the documented upstream ones, protocol error JSON on
 * every error, well-formed answers and SSE, exactly one audit record per API request, nothing unhandled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { withFields } from '../../src/core/objects.js';
import { gatewayConfigFromObject } from '../../src/gateway/config.js';
import { GatewayError, type ErrorCode, type WireProtocol } from '../../src/gateway/errors.js';
import { buildGateway, closeGracefully, REQUEST_ID_HEADER } from '../../src/gateway/server.js';
import { openGatewayServices } from '../../src/gateway/backends/index.js';
import type { GatewayServices } from '../../src/gateway/services.js';
import type { ToolCall } from '../../src/spec/tools.js';
import type { StreamEvent, Upstream } from '../../src/gateway/upstreams/types.js';
import type { Warden } from '../../src/spec/types.js';
import { createWarden } from '../../src/warden.js';
import { OUTPUT_SECRETS, anthropicBody, anyText, chatText, mostly, openaiBody } from './arbitraries.js';
import { ensureAnswerShape, visibleOutput } from './gateway-answers.js';
import { checkProperty, ensure, type FuzzProperty } from './harness.js';

const KEY = 'wk-fuzz-0123456789abcdef';

/** What the scripted upstream does with the next call. */
type UpstreamScript = { kind: 'answer'; chunks: string[]; tools: ToolCall[]; failAfter?: ErrorCode } | { kind: 'fail'; code: ErrorCode };

const UPSTREAM_FAULTS: ErrorCode[] = ['upstream_error', 'upstream_bad_response', 'upstream_timeout', 'upstream_rate_limited', 'upstream_rejected'];
/** 5xx answers the gateway documents for upstream trouble (docs/gateway.md); anything else 5xx is a crash. */
const DOCUMENTED_5XX = new Set(['upstream_error', 'upstream_bad_response', 'upstream_timeout', 'upstream_unavailable']);

const toolCalls: fc.Arbitrary<ToolCall[]> = fc.oneof(
  { arbitrary: fc.constant(null).map((): ToolCall[] => []), weight: 3 },
  fc.array(fc.record({ id: fc.string({ maxLength: 8 }), name: fc.constantFrom('search', 'send_email'), arguments: fc.oneof(chatText.map((t) => JSON.stringify({ q: t })), chatText) }), { minLength: 1, maxLength: 2 }),
);

/**
 * The secrets that one output scan of each whole answer part (text, each tool call's arguments) removes:
 * however the answer was streamed, the client must not see them.
 */
function secretsRemovedByOneScan(warden: Warden, s: UpstreamScript): string[] {
  if (s.kind !== 'answer') return [];
  const parts = [s.chunks.join(''), ...s.tools.map((t) => t.arguments)];
  return OUTPUT_SECRETS.filter((secret) => parts.every((p) => !p.includes(secret) || !warden.scanOutput(p).text.includes(secret)));
}

const script: fc.Arbitrary<UpstreamScript> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('answer' as const), chunks: fc.array(chatText, { maxLength: 4 }), tools: toolCalls }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('answer' as const), chunks: fc.array(chatText, { maxLength: 4 }), tools: toolCalls, failAfter: fc.constantFrom(...UPSTREAM_FAULTS) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('fail' as const), code: fc.constantFrom(...UPSTREAM_FAULTS) }), weight: 1 },
);

function scriptedUpstream(name: string, protocol: WireProtocol, next: () => UpstreamScript, calls: { n: number }): Upstream {
  const fault = (code: ErrorCode) => new GatewayError(code, `scripted ${code}`);
  return {
    name,
    protocol,
    async complete() {
      calls.n += 1;
      const s = next();
      if (s.kind === 'fail') throw fault(s.code);
      if (s.failAfter) throw fault(s.failAfter);
      const finishReason = s.tools.length > 0 ? 'tool_calls' : 'stop';
      return { id: 'fuzz-1', model: 'fuzz-model', content: s.chunks.join(''), toolCalls: s.tools, finishReason, usage: { promptTokens: 3, completionTokens: 2 } };
    },
    async stream() {
      calls.n += 1;
      const s = next();
      if (s.kind === 'fail') throw fault(s.code);
      return (async function* (): AsyncGenerator<StreamEvent> {
        yield { type: 'start', id: 'fuzz-1', model: 'fuzz-model' };
        for (const text of s.chunks) yield { type: 'text', text };
        // Arguments arrive in two pieces, as providers stream them.
        for (const [index, t] of s.tools.entries()) {
          const half = t.arguments.length >> 1;
          yield { type: 'tool', index, id: t.id, name: t.name, args: t.arguments.slice(0, half) };
          yield { type: 'tool', index, args: t.arguments.slice(half) };
        }
        if (s.failAfter) throw fault(s.failAfter);
        yield { type: 'end', finishReason: s.tools.length > 0 ? 'tool_calls' : 'stop' };
      })();
    },
    listModels: async () => ['fuzz-a'],
    close: async () => undefined,
  };
}

const PATHS = ['/v1/chat/completions', '/v1/messages', '/v1/guard', '/v1/models', '/v1/nope', '/v1/audit', '/v1/audit/x?limit=1', '/healthz', '/v1/chat/completions?x=1', '/v1/messages/', '//v1/messages'];

const auth: fc.Arbitrary<Record<string, string>> = mostly(
  fc.constantFrom({ authorization: `Bearer ${KEY}` }, { 'x-api-key': KEY }),
  fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((v) => ({ authorization: v })), fc.constant({})),
);

const extraHeaders = fc.record(
  {
    'x-warden-user': fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
    'x-warden-use-case': fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
    'anthropic-beta': fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
  },
  { requiredKeys: [] },
);

const contentType = mostly(
  fc.constantFrom('application/json', 'application/json; charset=utf-8'),
  fc.constantFrom('Application/JSON', 'text/plain', 'application/jsonx', ''),
).map((t): Record<string, string> => (t === '' ? {} : { 'content-type': t }));

const jsonBytes = (v: unknown) => Buffer.from(JSON.stringify(v));

const anyPayload: fc.Arbitrary<Buffer> = fc.oneof(
  { arbitrary: openaiBody.map(jsonBytes), weight: 1 },
  { arbitrary: anthropicBody.map(jsonBytes), weight: 1 },
  { arbitrary: fc.record({ stage: fc.constantFrom('input', 'output', 'tool_result', 'nope'), text: chatText }, { requiredKeys: [] }).map((b) => Buffer.from(JSON.stringify(b))), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v))), weight: 1 },
  { arbitrary: anyText.map((s) => Buffer.from(s)), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b)), weight: 1 },
);

/** A path with a body: mostly a chat body of the route's own protocol, sometimes anything anywhere. */
const target = fc.oneof(
  { arbitrary: fc.record({ path: fc.constantFrom('/v1/chat/completions', '/v1/chat/completions?x=1'), body: openaiBody.map(jsonBytes) }), weight: 5 },
  { arbitrary: fc.record({ path: fc.constant('/v1/messages'), body: anthropicBody.map(jsonBytes) }), weight: 5 },
  { arbitrary: fc.record({ path: fc.constantFrom(...PATHS), body: anyPayload }), weight: 2 },
);

const request = fc.record({
  method: fc.oneof({ arbitrary: fc.constant('POST' as const), weight: 6 }, { arbitrary: fc.constantFrom('GET' as const, 'PUT' as const, 'DELETE' as const, 'OPTIONS' as const, 'HEAD' as const), weight: 1 }),
  target,
  auth,
  headers: extraHeaders,
  contentType,
  upstream: script,
});

interface Harness {
  app: FastifyInstance;
  warden: Warden;
  services: GatewayServices;
  audits: Map<string, number>;
  calls: { n: number };
  setScript(s: UpstreamScript): void;
  close(): Promise<void>;
}

async function startHarness(): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-fuzz-'));
  const loaded = gatewayConfigFromObject({
    extends: 'default',
    gateway: {
      log_level: 'silent',
      upstreams: { fake: { type: 'openai-compatible', base_url: 'http://127.0.0.1:9/v1' }, claude: { type: 'anthropic', base_url: 'http://127.0.0.1:9' }, demo: { type: 'demo' } },
      models: { 'gpt-test': { upstream: 'fake', model: 'fake-model' }, 'claude-test': { upstream: 'claude', model: 'claude-fake' }, demo: { upstream: 'demo', model: 'warden-demo-vulnerable' } },
      stream: { holdback_chars: 64 },
    },
  });
  const real = await openGatewayServices(loaded.gateway, { dataDir, openMode: { apiKey: KEY } });
  const audits = new Map<string, number>();
  const services = withFields(real, {
    audit: withFields(real.audit, {
      append(entry: Parameters<GatewayServices['audit']['append']>[0]) {
        audits.set(entry.requestId, (audits.get(entry.requestId) ?? 0) + 1);
        return real.audit.append(entry);
      },
    }),
  });
  let current: UpstreamScript = { kind: 'answer', chunks: ['ok'], tools: [] };
  const calls = { n: 0 };
  const upstreams = new Map([
    ['fake', scriptedUpstream('fake', 'openai', () => current, calls)],
    ['claude', scriptedUpstream('claude', 'anthropic', () => current, calls)],
  ]);
  const warden = createWarden(loaded.policy);
  const app = await buildGateway({ config: loaded.gateway, warden, services, upstreams, logger: false });
  return {
    app,
    warden,
    services,
    audits,
    calls,
    setScript: (s) => (current = s),
    async close() {
      await closeGracefully(app, 2_000);
      await real.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Records the gateway promises: one per API request under /v1/, and one per /v1/audit read (HEAD is routed to GET). */
function expectedRecords(method: string, url: string): number {
  const path = url.split('?')[0] ?? '';
  if (path.startsWith('/v1/audit')) return method === 'GET' || method === 'HEAD' ? 1 : 0;
  return path.startsWith('/v1/') ? 1 : 0;
}

/** Waits until the request's audit record was handed to the gateway's store (written after the response ended). */
async function auditCount(h: Harness, id: string): Promise<number> {
  for (let i = 0; i < 200 && !h.audits.has(id); i++) await new Promise((r) => setTimeout(r, i < 50 ? 0 : 10));
  return h.audits.get(id) ?? 0;
}

/** Records per request id in the audit log itself, admin-route records included. */
async function storedCounts(h: Harness): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const rec of h.services.audit.iterate()) counts.set(rec.requestId, (counts.get(rec.requestId) ?? 0) + 1);
  return counts;
}

export const gatewayProperty: FuzzProperty = {
  name: 'gateway.inject',
  weight: 4,
  async run(params) {
    const h = await startHarness();
    const seen: { id: string; method: string; url: string }[] = [];
    try {
      const outcome = await checkProperty(
        fc.asyncProperty(request, async (r) => {
          h.setScript(r.upstream);
          const callsBefore = h.calls.n;
          const { path: url, body } = r.target;
          const res = await h.app.inject({ method: r.method, url, headers: withFields(withFields(r.headers, r.contentType), r.auth), payload: body });
          const id = String(res.headers[REQUEST_ID_HEADER] ?? '');
          seen.push({ id, method: r.method, url });
          ensureAnswerShape({ method: r.method, path: url }, res, DOCUMENTED_5XX);
          if (h.calls.n > callsBefore) {
            const shown = visibleOutput(url, res);
            for (const secret of secretsRemovedByOneScan(h.warden, r.upstream)) ensure(!shown.includes(secret), `a secret one output scan removes reached the client: ${secret}`);
          }
          if (res.statusCode === 400 && res.body.includes('blocked by Warden policy')) ensure(h.calls.n === callsBefore, 'a blocked request reached the upstream');
          // API requests are checked here; the log itself is counted once the run settled, below.
          if (expectedRecords(r.method, url) === 1 && !url.startsWith('/v1/audit')) {
            const n = await auditCount(h, id);
            ensure(n === 1, `${r.method} ${url} has ${n} audit records`);
          }
        }),
        params,
      );
      // Once everything settled, the log holds exactly the promised records: none lost, none twice, none extra.
      await new Promise((r) => setTimeout(r, 200));
      const stored = await storedCounts(h);
      const wrong = seen.filter((s) => (stored.get(s.id) ?? 0) !== expectedRecords(s.method, s.url));
      if (outcome.failed || wrong.length === 0) return outcome;
      const list = wrong.slice(0, 10).map((s) => `${s.method} ${s.url}: ${stored.get(s.id) ?? 0}`);
      return { cases: outcome.cases, failed: true, report: `audit records differ from the promised count: ${list.join(', ')}` };
    } finally {
      await h.close();
    }
  },
};
