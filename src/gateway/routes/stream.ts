/**
 * Streaming answers: upstream events are scanned incrementally through the hold-back scanner and
 * re-rendered in the client's protocol. Tool-call deltas are held until the upstream finishes, then
 * checked whole. A block ends the stream cleanly with finish_reason content_filter.
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { GatewayError, blockMarker, toGatewayError } from '../errors.js';
import { HoldbackScanner } from '../stream/holdback.js';
import type { ToolCall } from '../../spec/tools.js';
import type { Native, StreamEvent, Usage } from '../upstreams/types.js';
import { ReasoningRelay, reasoningLines } from './stream-reasoning.js';
import { blockedNotice, checkToolCalls, type Withheld } from './output.js';
import type { Prepared } from './prepare.js';
import type { GatewayRuntime } from './runtime.js';
import { elapsedMs, type RequestRecorder } from '../recorder.js';
import { decide, maxAction } from '../../core/decision.js';
import type { Action, Finding } from '../../spec/types.js';
import type { WireAdapter } from './wire.js';
import type { ToolSession } from './tool-session.js';
import type { UpstreamAbort } from '../upstreams/abort.js';
import type { IntegrityRun } from './integrity.js';

export interface StreamArgs {
  rt: GatewayRuntime;
  reply: FastifyReply;
  rec: RequestRecorder;
  wire: WireAdapter;
  prep: Prepared;
  events: AsyncIterable<StreamEvent>;
  abort: UpstreamAbort;
  restore: (s: string) => string;
  session: ToolSession;
  onUpstreamDone(ok: boolean): void;
  clientGone(): boolean;
  /** Output integrity with flag or notice actions only (a blocking one refuses streams): checked on the whole text at the end. */
  integrity?: IntegrityRun;
}

/** How a tool call appears in the record's output text. */
export function toolCallLine(c: ToolCall): string {
  return `\n[tool_call] ${c.name}(${c.arguments})`;
}

export async function pipeStream(a: StreamArgs): Promise<void> {
  const { rt, reply, rec, wire, prep, abort } = a;
  const res = reply.raw;
  reply.hijack();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-warden-request-id': rec.requestId,
    'x-request-id': rec.requestId,
    'request-id': rec.requestId,
  });
  rec.streamOpened();
  const renderer = wire.streamRenderer(prep.body);
  const newScanner = () =>
    new HoldbackScanner((text) => rt.warden.scanOutput(text, prep.outputCtx), {
      holdback: rt.config.stream.holdback_chars,
      restore: a.restore,
    });
  const scanner = newScanner();
  const reasoning = new ReasoningRelay(newScanner);
  // The upstream's text as received: logprobs spell it out, so they are relayed only if the client got it unchanged.
  let received = '';
  const tools = new Map<number, ToolCall>();
  let output = '';
  let started = false;
  let usage: Usage | undefined;
  // The output verdict, reported to the record once the stream is over: tool-call checks, then the hold-back scan.
  let toolFindings: readonly Finding[] = [];
  let toolAction: Action = 'allow';
  let integrityFindings: readonly Finding[] = [];
  let blockedBy: string[] | undefined;
  const write = async (frame: string): Promise<void> => {
    if (frame === '' || res.destroyed) return;
    if (!res.write(frame)) await once(res, 'drain', { signal: abort.signal });
  };
  const start = async (id: string, model: string, native?: Native) => {
    if (started) return;
    started = true;
    await write(renderer.start(id, model || prep.target.model, native));
  };
  const emitText = async (text: string) => {
    if (text === '') return;
    rec.firstText();
    output += text;
    await write(renderer.text(text));
  };
  const endBlocked = async (rules: string[], withheld?: Withheld) => {
    blockedBy = rules;
    await emitText(`${output === '' ? '' : '\n\n'}${withheld?.notice ?? blockedNotice(rules)}`);
    await write(renderer.end('content_filter', usage, { blocked: blockMarker({ stage: 'output', rules }, rec.requestId) }));
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
        await start(ev.id, ev.model, ev.native);
      } else if (ev.type === 'thinking' || ev.type === 'thinking_end' || ev.type === 'redacted_thinking') {
        if (!started) await start(`msg_${randomUUID()}`, '');
        const rel = timed(() => reasoning.relay(ev));
        if (rel.blocked) return await endBlocked(rel.blocked);
        for (const r of rel.events) await write(renderer.reasoning?.(r) ?? '');
      } else if (ev.type === 'text') {
        if (!started) await start(`chatcmpl-${randomUUID()}`, '');
        received += ev.text;
        const rel = timed(() => scanner.push(ev.text));
        if (rel.blocked) return await endBlocked(rel.blocked.rules);
        await emitText(rel.text);
      } else if (ev.type === 'tool') {
        const t = tools.get(ev.index) ?? { id: ev.id ?? `call_${randomUUID()}`, name: '', arguments: '' };
        if (ev.id) t.id = ev.id;
        if (ev.name) t.name += ev.name;
        t.arguments += ev.args;
        tools.set(ev.index, t);
      } else if (ev.type === 'end') {
        a.onUpstreamDone(true);
        usage = ev.usage;
        if (!started) await start(`chatcmpl-${randomUUID()}`, '');
        const thought = reasoning.open ? timed(() => reasoning.relay({ type: 'thinking_end' })) : { events: [] };
        if (thought.blocked) return await endBlocked(thought.blocked);
        for (const r of thought.events) await write(renderer.reasoning?.(r) ?? '');
        const rel = timed(() => scanner.finish());
        if (rel.blocked) return await endBlocked(rel.blocked.rules);
        await emitText(rel.text);
        if (a.integrity !== undefined) {
          const checked = timed(() => a.integrity?.check(output));
          if (checked !== undefined) {
            rec.integrityChecked(checked.audit);
            integrityFindings = checked.findings;
            await emitText(checked.notice ?? '');
          }
        }
        const textChanged = output !== received;
        const checkStart = performance.now();
        const checked = await checkToolCalls(rt, prep.identity, [...tools.values()], prep.outputCtx, a.restore, a.session);
        scanMs += performance.now() - checkStart;
        toolFindings = checked.findings;
        if (checked.blockedBy) return await endBlocked(checked.blockedBy, checked.withheld);
        toolAction = checked.action;
        for (const [i, call] of checked.calls.entries()) {
          output += toolCallLine(call);
          await write(renderer.tool(i, call));
        }
        await write(renderer.end(ev.finishReason, usage, { native: ev.native, textChanged }));
        return;
      }
    }
    throw new GatewayError('upstream_error', 'Upstream stream ended without a final event.');
  } catch (err) {
    if (a.clientGone()) {
      rec.disconnected();
      a.onUpstreamDone(true);
      return;
    }
    const ge = toGatewayError(err);
    a.onUpstreamDone(false);
    rec.failed(ge.code, ge.status);
    await write(renderer.error(ge)).catch(() => undefined);
  } finally {
    rec.upstreamFinished(elapsedMs(t0));
    const scanned = [...reasoning.findings, ...scanner.findings];
    const findings = [...toolFindings, ...scanned, ...integrityFindings];
    const action = blockedBy ? 'block' : maxAction(maxAction(toolAction, decide(scanned, []).action), integrityFindings.length > 0 ? 'flag' : 'allow');
    rec.outputScanned({ action, findings, blockedBy }, Math.round(scanMs * 1000) / 1000);
    rec.answered(reasoningLines(reasoning.blocks) + output);
    rec.metered(usage);
    a.onUpstreamDone(true);
    res.end();
  }
}
