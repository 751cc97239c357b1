/** POST /v1/chat/completions and POST /v1/messages: one pipeline, two wire protocols. */
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ScanOptions } from '../../spec/types.js';
import { BLOCKED_RULES_HEADER, GatewayError, blockMarker, type WireProtocol } from '../errors.js';
import { isUpstreamFault } from '../upstreams/http.js';
import { enforceOutput } from './output.js';
import { integrityRun, refuseBlockingStream } from './integrity.js';
import { applyIntegrity, INTEGRITY_CONFIDENCE_HEADER } from './integrity-answer.js';
import { prepare } from './prepare.js';
import { useCaseHeader, type GatewayRuntime } from './runtime.js';
import { toolSession } from './tool-session.js';
import { elapsedMs } from '../recorder.js';
import { pipeStream, toolCallLine } from './stream.js';
import { reasoningLines } from './stream-reasoning.js';
import type { WireAdapter } from './wire.js';
import { withFields } from '../../core/objects.js';
import { UpstreamAbort } from '../upstreams/abort.js';
import { abortOnClientClose } from './upstream-call.js';
import { answeringThroughTool, usesResponseTool } from '../upstreams/structured-output.js';

/** Anthropic beta features (prompt caching, long context, ...) are opted into per request; relayed on pass-through only. */
function relayHeaders(req: FastifyRequest, wire: WireAdapter, upstream: WireProtocol): Record<string, string> {
  const beta = req.headers['anthropic-beta'];
  return wire.protocol === 'anthropic' && upstream === 'anthropic' && typeof beta === 'string' ? { 'anthropic-beta': beta } : {};
}

async function handle(rt: GatewayRuntime, wire: WireAdapter, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const rec = rt.recorderOf(req);
  const abort = new UpstreamAbort();
  const gone = abortOnClientClose(reply, abort);
  // A getter: the AbortSignal is made only when a guard runs (see upstreams/abort.ts).
  const scanOpts: ScanOptions = {
    get signal() {
      return abort.signal;
    },
  };
  const prep = await prepare(rt, req, rec, wire, scanOpts);
  const alias = typeof prep.body.model === 'string' ? prep.body.model : '';
  const integrity = integrityRun(rt.integrity, { model: alias, route: rec.route, documents: prep.documents });
  refuseBlockingStream(integrity, prep.stream, alias);
  const entry = rt.upstreams.get(prep.target.upstream);
  if (!entry) throw new GatewayError('upstream_unavailable', `Upstream "${prep.target.upstream}" is not configured.`);
  // Translated before a breaker permit is taken: a request translation refuses is no upstream outcome.
  const native = wire.native?.(entry.upstream);
  const body = native ? withFields(prep.body, { model: prep.target.model }) : wire.toUpstream(prep.body, entry.upstream.protocol, prep.target.model);
  // A translated response_format comes back as a tool call that is the answer (upstreams/structured-output.ts).
  const translated = wire.protocol !== entry.upstream.protocol && usesResponseTool(body) ? answeringThroughTool(entry.upstream) : entry.upstream;
  const upstream = native ?? translated;
  const permit = entry.breaker.tryAcquire();
  if (!permit) {
    throw new GatewayError('upstream_unavailable', `Upstream "${entry.upstream.name}" is failing; circuit open, retry later.`, {
      retryAfterSec: entry.breaker.retryAfterSec(),
    });
  }
  let settled = false;
  const settle = (ok: boolean) => {
    if (settled) return;
    settled = true;
    if (ok) permit.success();
    else permit.failure();
  };
  const session = toolSession(req, prep.body, prep.target.model, useCaseHeader(req), prep.messages);
  const restore = rt.config.restore_placeholders ? (s: string) => prep.input.vault.restore(s) : (s: string) => s;
  const headers = relayHeaders(req, wire, entry.upstream.protocol);
  const t0 = performance.now();
  try {
    if (prep.stream) {
      const events = await upstream.stream({ body, headers, abort });
      await pipeStream({ rt, reply, rec, wire, prep, events, abort, restore, session, onUpstreamDone: settle, clientGone: gone, integrity });
      void rec.finalize();
      return reply;
    }
    const result = await upstream.complete({ body, headers, abort });
    settle(true);
    rec.upstreamFinished(elapsedMs(t0));
    const t1 = performance.now();
    const scanned = await enforceOutput(rt, prep.identity, result, prep.outputCtx, restore, session, rec.scanOptions('output_scan', scanOpts));
    rec.outputScanned(scanned, elapsedMs(t1));
    const out = applyIntegrity(integrity, scanned, rec);
    const r = out.result;
    rec.answered(reasoningLines(r.reasoning) + r.content + r.toolCalls.map(toolCallLine).join(''));
    rec.metered(r.usage);
    const blocked = out.blockedBy ? blockMarker({ stage: 'output', rules: out.blockedBy }, rec.requestId) : undefined;
    if (blocked) reply.header(BLOCKED_RULES_HEADER, blocked.rules.join(','));
    if (out.confidence !== undefined) reply.header(INTEGRITY_CONFIDENCE_HEADER, String(out.confidence));
    return wire.render(withFields(r, { model: r.model || prep.target.model }), prep.body, blocked);
  } catch (err) {
    if (gone()) {
      settle(true);
      rec.disconnected();
      if (!reply.sent) reply.hijack();
      void rec.finalize();
      return reply;
    }
    settle(!isUpstreamFault(err));
    rec.upstreamFinished(elapsedMs(t0));
    throw err;
  }
}

export function registerChatRoutes(app: FastifyInstance, rt: GatewayRuntime, wires: readonly WireAdapter[]): void {
  for (const wire of wires) {
    app.post(wire.route, (req, reply) => handle(rt, wire, req, reply));
  }
}
