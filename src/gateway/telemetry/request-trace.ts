/**
 * The spans of one traced request: `warden.request` from arrival to its audit record, a child per pipeline stage
 * (`warden.admission`, `warden.input_scan`, `warden.upstream`, `warden.output_scan`) and `warden.audit` for the
 * write. Stage spans are made when the recorder hears a stage ended, with the start put back by its measured
 * duration, so routes report each stage once (to the recorder) and the span times equal the audit record's.
 */
import { performance } from 'node:perf_hooks';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { AuditEntry } from '../../spec/gateway.js';
import type { Finding } from '../../spec/types.js';
import type { PipelineStage, RecorderObserver } from '../recorder.js';

/** W3C trace context (`traceparent`): version 00, trace id, parent span id, flags. Fixed-length, so linear. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The caller's trace, when it sent a valid `traceparent`: the request span becomes a child of its span. */
export function remoteParent(header: string | string[] | undefined): Context {
  const m = typeof header === 'string' ? TRACEPARENT.exec(header.trim()) : null;
  if (m === null || /^0+$/.test(m[1] as string) || /^0+$/.test(m[2] as string)) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: m[1] as string, spanId: m[2] as string, traceFlags: parseInt(m[3] as string, 16), isRemote: true });
}

/** Wall-clock now in ms with sub-millisecond precision (span times). */
function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

function scanAttributes(findings: readonly Finding[]): Record<string, string | number | string[]> {
  const live = findings.filter((f) => f.action !== 'allow');
  return {
    'warden.findings': findings.length,
    'warden.rules': [...new Set(live.map((f) => f.ruleId))],
    'warden.scan_stages': [...new Set(findings.map((f) => f.stage))],
  };
}

export interface TraceStart {
  requestId: string;
  method: string;
  route: string;
  traceparent: string | string[] | undefined;
}

/** Watches one request and reports to `next` (metrics) as well. */
export class RequestTrace implements RecorderObserver {
  private readonly root: Span;
  private readonly ctx: Context;

  constructor(
    private readonly tracer: Tracer,
    start: TraceStart,
    private readonly next: RecorderObserver,
  ) {
    this.root = tracer.startSpan(
      'warden.request',
      { kind: SpanKind.SERVER, attributes: { 'warden.request_id': start.requestId, 'http.request.method': start.method, 'url.path': start.route } },
      remoteParent(start.traceparent),
    );
    this.ctx = trace.setSpan(ROOT_CONTEXT, this.root);
  }

  stageEnded(stage: PipelineStage, ms: number, findings?: readonly Finding[]): void {
    this.next.stageEnded(stage, ms, findings);
    const end = nowMs();
    const attributes = findings === undefined ? undefined : scanAttributes(findings);
    this.tracer.startSpan(`warden.${stage}`, { startTime: end - ms, attributes }, this.ctx).end(end);
  }

  finished(entry: AuditEntry, written: Promise<unknown>): void {
    this.next.finished(entry, written);
    const r = this.root;
    r.setAttributes({
      'http.response.status_code': entry.status,
      'warden.action': entry.action,
      'warden.tenant': entry.identity?.tenant ?? '',
      'warden.key_id': entry.identity?.keyId ?? '',
      'warden.model': entry.model ?? '',
      'warden.upstream': entry.upstream ?? '',
    });
    if (entry.decidingRule !== undefined) r.setAttribute('warden.rule', entry.decidingRule);
    if (entry.errorCode !== undefined) r.setAttribute('warden.error_code', entry.errorCode);
    if (entry.action === 'error' && entry.status >= 500) r.setStatus({ code: SpanStatusCode.ERROR, message: entry.errorCode });
    const audit = this.tracer.startSpan('warden.audit', {}, this.ctx);
    r.end();
    written.then(
      () => audit.end(),
      (err: unknown) => {
        audit.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
        audit.end();
      },
    );
  }
}
