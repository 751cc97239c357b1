/**
 * The spans of one traced request: `warden.request` from arrival to its audit record, a child per pipeline stage
 * (`warden.admission`, `warden.input_scan`, `warden.upstream`, `warden.output_scan`) and `warden.audit` for the
 * write. Most stage spans are made when the recorder hears a stage ended, with the start put back by its measured
 * duration, so routes report each stage once (to the recorder). A scan stage is opened when it starts instead
 * (scanStarted), so that the engine's own spans (each text, detector tier, guard tier and guard) nest under it.
 */
import { performance } from 'node:perf_hooks';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { AuditEntry } from '../../spec/gateway.js';
import type { Finding, ScanSpan, ScanSpanAttributes, ScanTrace } from '../../spec/types.js';
import type { PipelineStage, RecorderObserver, ScanStage } from '../recorder.js';

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

/** The engine's spans of one scan stage, as OpenTelemetry spans under that stage's span. */
class ScanSpans implements ScanTrace {
  private readonly parents = new WeakMap<ScanSpan, Context>();

  constructor(
    private readonly tracer: Tracer,
    private readonly ctx: Context,
  ) {}

  start(name: string, attributes: ScanSpanAttributes, parent?: ScanSpan): ScanSpan {
    const span = this.tracer.startSpan(name, { attributes }, (parent && this.parents.get(parent)) ?? this.ctx);
    const handle: ScanSpan = {
      end(more) {
        if (more !== undefined) span.setAttributes(more);
        span.end();
      },
    };
    this.parents.set(handle, trace.setSpan(this.ctx, span));
    return handle;
  }
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
  /** Scan stages whose span was opened by scanStarted and not yet ended. */
  private readonly open = new Map<PipelineStage, Span>();

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

  /** The scan stage's span, opened now so that the engine's spans (per text, detector tier, guard) nest under it. */
  scanStarted(stage: ScanStage): ScanTrace {
    const span = this.tracer.startSpan(`warden.${stage}`, {}, this.ctx);
    this.open.set(stage, span);
    return new ScanSpans(this.tracer, trace.setSpan(this.ctx, span));
  }

  stageEnded(stage: PipelineStage, ms: number, findings?: readonly Finding[]): void {
    this.next.stageEnded(stage, ms, findings);
    const attributes = findings === undefined ? undefined : scanAttributes(findings);
    const open = this.open.get(stage);
    if (open !== undefined) {
      this.open.delete(stage);
      if (attributes !== undefined) open.setAttributes(attributes);
      open.end();
      return;
    }
    const end = nowMs();
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
    // A scan that threw never reported its end.
    for (const open of this.open.values()) open.end();
    this.open.clear();
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
