/**
 * One JSON call to an upstream for the routes that are not chat (embeddings, token counts): the circuit breaker's
 * permit, an abort when the client leaves, and the record's upstream time, as the chat pipeline does them.
 */
import { performance } from 'node:perf_hooks';
import type { FastifyReply } from 'fastify';
import { GatewayError } from '../errors.js';
import { isUpstreamFault } from '../upstreams/http.js';
import { UpstreamAbort } from '../upstreams/abort.js';
import type { Json } from '../upstreams/json.js';
import type { Upstream, UpstreamCall } from '../upstreams/types.js';
import { elapsedMs, type RequestRecorder } from '../recorder.js';
import type { GatewayRuntime } from './runtime.js';

/** Aborts the upstream call when the client closes the connection before the reply is complete; says whether it did. */
export function abortOnClientClose(reply: FastifyReply, abort: UpstreamAbort): () => boolean {
  let gone = false;
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) {
      gone = true;
      abort.abort();
    }
  });
  return () => gone;
}

/** The configured upstream of a name (routing names only configured ones, so a miss is a config fault). */
export function upstreamNamed(rt: GatewayRuntime, name: string): Upstream {
  const entry = rt.upstreams.get(name);
  if (!entry) throw new GatewayError('upstream_unavailable', `Upstream "${name}" is not configured.`);
  return entry.upstream;
}

/** Calls `send` under the upstream's breaker; undefined when the client went away (the record says so). */
export async function callUpstream(
  rt: GatewayRuntime,
  reply: FastifyReply,
  rec: RequestRecorder,
  name: string,
  send: (call: UpstreamCall) => Promise<Json>,
  call: Omit<UpstreamCall, 'abort'>,
): Promise<Json | undefined> {
  const entry = rt.upstreams.get(name);
  if (!entry) throw new GatewayError('upstream_unavailable', `Upstream "${name}" is not configured.`);
  const permit = entry.breaker.tryAcquire();
  if (!permit) {
    throw new GatewayError('upstream_unavailable', `Upstream "${name}" is failing; circuit open, retry later.`, { retryAfterSec: entry.breaker.retryAfterSec() });
  }
  const abort = new UpstreamAbort();
  const gone = abortOnClientClose(reply, abort);
  const t0 = performance.now();
  try {
    const answer = await send({ body: call.body, headers: call.headers, abort });
    permit.success();
    return answer;
  } catch (err) {
    if (gone()) {
      permit.success();
      rec.disconnected();
      if (!reply.sent) reply.hijack();
      void rec.finalize();
      return undefined;
    }
    if (isUpstreamFault(err)) permit.failure();
    else permit.success();
    throw err;
  } finally {
    rec.upstreamFinished(elapsedMs(t0));
  }
}
