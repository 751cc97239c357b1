/**
 * Streaming answers: upstream events are scanned incrementally through the hold-back scanner and
 * re-rendered in the client's protocol. Tool-call deltas are held until the upstream finishes, then
 * checked whole. A block ends the stream cleanly with finish_reason content_filter.
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { GatewayError, toGatewayError } from '../errors.js';
import { HoldbackScanner } from '../stream/holdback.js';
import type { StreamEvent, ToolCall, Usage } from '../upstreams/types.js';
import { blockedNotice, checkToolCalls } from './output.js';
import { maxAction, type Prepared } from './prepare.js';
import type { GatewayRuntime } from './runtime.js';
import { elapsedMs, estimateTokens, messagesChars, type RequestState } from './state.js';
import type { WireAdapter } from './wire.js';
import type { UpstreamAbort } from '../upstreams/abort.js';

export interface StreamArgs {
  rt: GatewayRuntime;
  reply: FastifyReply;
  st: RequestState;
  wire: WireAdapter;
  prep: Prepared;
  events: AsyncIterable<StreamEvent>;
  abort: UpstreamAbort;
  restore: (s: string) => string;
  onUpstreamDone(ok: boolean): void;
  clientGone(): boolean;
}

export async function pipeStream(a: StreamArgs): Promise<void> {
  const { rt, reply, st, wire, prep, abort } = a;
  const res = reply.raw;
  reply.hijack();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-warden-request-id': st.requestId,
  });
  st.streamed = true;
  const renderer = wire.streamRenderer(prep.body);
  const scanner = new HoldbackScanner((text) => rt.warden.scanOutput(text, prep.outputCtx), {
    holdback: rt.config.stream.holdback_chars,
    restore: a.restore,
  });
  const tools = new Map<number, ToolCall>();
  let output = '';
  let started = false;
  let usage: Usage | undefined;
  const write = async (frame: string): Promise<void> => {
    if (frame === '' || res.destroyed) return;
    if (!res.write(frame)) await once(res, 'drain', { signal: abort.signal });
  };
  const start = async (id: string, model: string) => {
    if (started) return;
    started = true;
    await write(renderer.start(id, model || prep.target.model));
  };
  const emitText = async (text: string) => {
    if (text === '') return;
    if (st.latency.ttftMs === undefined) st.latency.ttftMs = elapsedMs(st.startedAt);
    output += text;
    await write(renderer.text(text));
  };
  const endBlocked = async (rules: string[]) => {
    st.action = 'block';
    st.decidingRule = rules[0];
    await emitText(`${output === '' ? '' : '\n\n'}${blockedNotice(rules)}`);
    await write(renderer.end('content_filter', usage));
    abort.abort();
  };
  const t0 = performance.now();
  let scanMs = 0;
  const timed = <T>(fn: () => T): T => {
    const s = performance.now();
    try {
      return fn();
    } finally {
      scanMs += performance.now() - s;
    }
  };
  try {
    for await (const ev of a.events) {
      if (ev.type === 'start') {
        await start(ev.id, ev.model);
      } else if (ev.type === 'text') {
        if (!started) await start(`chatcmpl-${randomUUID()}`, '');
        const rel = timed(() => scanner.push(ev.text));
        if (rel.blocked) return await endBlocked(rel.blocked.rules);
        await emitText(rel.text);
      } else if (ev.type === 'tool') {
        const t = tools.get(ev.index) ?? { id: ev.id ?? `call_${randomUUID()}`, name: '', arguments: '' };
        if (ev.id) t.id = ev.id;
        if (ev.name) t.name += ev.name;
        t.arguments += ev.args;
        tools.set(ev.index, t);
      } else {
        a.onUpstreamDone(true);
        usage = ev.usage;
        if (!started) await start(`chatcmpl-${randomUUID()}`, '');
        const rel = timed(() => scanner.finish());
        if (rel.blocked) return await endBlocked(rel.blocked.rules);
        await emitText(rel.text);
        const checked = timed(() => checkToolCalls(rt, prep.identity, [...tools.values()], prep.outputCtx, a.restore));
        st.outputFindings.push(...checked.findings);
        if (checked.blockedBy) return await endBlocked(checked.blockedBy);
        st.action = maxAction(st.action, checked.action);
        for (const [i, call] of checked.calls.entries()) {
          output += `\n[tool_call] ${call.name}(${call.arguments})`;
          await write(renderer.tool(i, call));
        }
        await write(renderer.end(ev.finishReason, usage));
        return;
      }
    }
    throw new GatewayError('upstream_error', 'Upstream stream ended without a final event.');
  } catch (err) {
    if (a.clientGone()) {
      st.action = 'error';
      st.status = 499;
      st.errorCode = 'client_disconnected';
      a.onUpstreamDone(true);
      return;
    }
    const ge = toGatewayError(err);
    a.onUpstreamDone(false);
    st.action = 'error';
    st.errorCode = ge.code;
    st.status = ge.status;
    await write(renderer.error(ge)).catch(() => undefined);
  } finally {
    for (const f of scanner.findings) st.outputFindings.push(f);
    st.latency.upstreamMs = elapsedMs(t0);
    st.latency.outputScanMs = Math.round(scanMs * 1000) / 1000;
    st.output = output;
    st.usage = {
      promptTokens: usage?.promptTokens ?? estimateTokens(messagesChars(st.request.messages)),
      completionTokens: usage?.completionTokens ?? estimateTokens(output.length),
    };
    for (const f of scanner.findings) if (f.mode === 'enforce') st.action = maxAction(st.action, f.action);
    a.onUpstreamDone(true);
    res.end();
  }
}
