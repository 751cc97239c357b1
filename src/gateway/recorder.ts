/**
 * The audit record of one request, written by every front door (the HTTP routes today; a Responses route or an
 * MCP proxy tomorrow) through the same calls, whatever the transport: the request is admitted, its input
 * scanned, the upstream answers, the output is scanned, or it fails or the client leaves; `finalize` then writes
 * exactly one audit record and releases the admission, once. Nothing here knows about HTTP frameworks.
 */
import { performance } from 'node:perf_hooks';
import type { AuditEntry, AuditRetrieval, Identity, TokenUsage } from '../spec/gateway.js';
import type { AuditIntegrity } from '../spec/integrity.js';
import type { Action, Finding, ScanOptions, Stage } from '../spec/types.js';
import type { QuarantinedSegment } from '../spec/context.js';
import { maxAction } from '../core/decision.js';
import { withFields } from '../core/objects.js';

export type { AuditSink, ModelPrice, PipelineStage, RecordLog, RecorderObserver, RequestSummary, ScanStage, ScanVerdict } from './recorder-types.js';
import type { AuditSink, ModelPrice, RecordLog, RecorderObserver, RequestSummary, ScanStage, ScanVerdict } from './recorder-types.js';

const NO_OBSERVER: RecorderObserver = { stageEnded: () => undefined, finished: () => undefined };

export const CLIENT_DISCONNECTED = 'client_disconnected';
const DONE: Promise<void> = Promise.resolve();
/** The status recorded for a request whose client went away (nginx's convention; never sent). */
export const CLIENT_DISCONNECTED_STATUS = 499;

export function elapsedMs(since: number): number {
  return Math.round((performance.now() - since) * 1000) / 1000;
}

/** The caller as recorded in the audit log. */
export function auditIdentity(id: Identity): NonNullable<AuditEntry['identity']> {
  return { keyId: id.keyId, tenant: id.tenant, userId: id.userId, userIdSource: id.userIdSource, roles: id.roles, authMethod: id.authMethod };
}

/** Rough token estimate (4 characters per token) when the upstream reports no usage. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export class RequestRecorder {
  private readonly startedAt = performance.now();
  private readonly ts = new Date().toISOString();
  private identity: Identity | undefined;
  private release: ((usage?: TokenUsage) => void) | undefined;
  private price: ModelPrice | undefined;
  private model: string | null = null;
  private upstream: string | null = null;
  private request: AuditEntry['request'] = { messages: [] };
  private inputFindings: Finding[] = [];
  private readonly outputFindings: Finding[] = [];
  private action: Action | 'error' = 'allow';
  private decidingRule: string | undefined;
  private status = 200;
  private errorCode: string | undefined;
  private output: string | null = null;
  private usage: TokenUsage | undefined;
  private readonly latency: Omit<AuditEntry['latency'], 'totalMs'> = {};
  private streamed = false;
  private retrieval: AuditRetrieval | undefined;
  private quarantined: QuarantinedSegment[] | undefined;
  private feedback: AuditEntry['feedback'];
  private integrity: AuditIntegrity | undefined;
  private done = false;

  constructor(
    readonly requestId: string,
    readonly route: string,
    private readonly sink: AuditSink,
    private readonly log: RecordLog,
    private readonly observer: RecorderObserver = NO_OBSERVER,
  ) {}

  get finalized(): boolean {
    return this.done;
  }

  /** Admission passed (in `ms`); `release` returns the admission (concurrency slot, budget reservation) at finalize. */
  admitted(identity: Identity, release: (usage?: TokenUsage) => void, ms?: number): void {
    this.identity = identity;
    this.release = release;
    if (ms !== undefined) this.observer.stageEnded('admission', ms);
  }

  /** Admission refused (after `ms`); the caller is recorded when it was identified before the refusal. */
  refusedAdmission(identity: Identity | undefined, ms?: number): void {
    this.identity = identity;
    if (ms !== undefined) this.observer.stageEnded('admission', ms);
  }

  /** The model name the client asked for. */
  modelRequested(model: string): void {
    this.model = model;
  }

  /** The upstream the request goes to; a later call (a routing rule) changes the upstream and keeps the price. */
  routed(upstream: string, price?: ModelPrice): void {
    this.upstream = upstream;
    if (price !== undefined) this.price = price;
  }

  /** The request as the record shows it: as received until the input scan passes, then as sent. */
  requestSeen(request: AuditEntry['request']): void {
    this.request = request;
  }

  /** A scan stage starts; the scan options to give the engine so its inner stages are traced (unchanged when not traced). */
  scanOptions(stage: ScanStage, opts: ScanOptions | undefined): ScanOptions | undefined {
    const trace = this.observer.scanStarted?.(stage);
    return trace === undefined ? opts : withFields(opts ?? {}, { trace });
  }

  inputScanned(v: ScanVerdict, ms: number): void {
    this.latency.inputScanMs = ms;
    this.inputFindings = v.findings as Finding[];
    this.action = maxAction(this.action, v.action);
    if (v.decidingRule !== undefined) this.decidingRule = v.decidingRule;
    if (v.quarantined !== undefined && v.quarantined.length > 0) this.quarantined = [...v.quarantined];
    this.observer.stageEnded('input_scan', ms, v.findings);
  }

  /** A refusal by a gateway rule (routing) rather than by a scan. */
  blocked(rule: string | undefined): void {
    this.action = 'block';
    this.decidingRule = rule;
  }

  /** The upstream call ended (answer, stream end or error); only the first report counts. */
  upstreamFinished(ms: number): void {
    if (this.latency.upstreamMs !== undefined) return;
    this.latency.upstreamMs = ms;
    this.observer.stageEnded('upstream', ms);
  }

  /** The answer is sent as a stream: its status is committed when the stream opens. */
  streamOpened(): void {
    this.streamed = true;
  }

  /** The first answer text reached the client (time to first token, once). */
  firstText(): void {
    if (this.latency.ttftMs === undefined) this.latency.ttftMs = elapsedMs(this.startedAt);
  }

  /** Output scan results; `blockedBy` names the rules that replaced the answer with a notice. */
  outputScanned(v: { action: Action; findings: readonly Finding[]; blockedBy?: readonly string[] }, ms?: number): void {
    if (ms !== undefined) this.latency.outputScanMs = ms;
    for (const f of v.findings) this.outputFindings.push(f);
    this.action = maxAction(this.action, v.action);
    if (v.blockedBy !== undefined) this.decidingRule = v.blockedBy[0];
    if (ms !== undefined) this.observer.stageEnded('output_scan', ms, v.findings);
  }

  /** The answer as delivered (a model's text and tool calls, or a listing). */
  answered(output: string): void {
    this.output = output;
  }

  /** Token counts of a model answer: the upstream's, or where it gave none, estimates from the request and the answer. */
  metered(usage: { promptTokens?: number; completionTokens?: number } | undefined): void {
    this.usage = {
      promptTokens: usage?.promptTokens ?? estimateTokens(this.requestChars()),
      completionTokens: usage?.completionTokens ?? estimateTokens(this.output?.length ?? 0),
    };
  }

  /** A standalone scan (POST /v1/guard): the verdict is the answer. */
  guarded(stage: Stage, v: ScanVerdict, text: string, ms: number): void {
    if (stage === 'input') this.inputFindings = v.findings as Finding[];
    else for (const f of v.findings) this.outputFindings.push(f);
    this.action = v.action;
    this.decidingRule = v.decidingRule;
    this.latency.inputScanMs = ms;
    this.output = text;
  }

  /** The request failed (bad input, admission, upstream fault, internal error). */
  /** Documents retrieval added to the request and withheld from it (the step and `warden.documents`). */
  retrieved(r: AuditRetrieval): void {
    this.retrieval = r;
  }

  /** A user's report on an earlier request (POST /v1/feedback). */
  feedbackGiven(f: NonNullable<AuditEntry['feedback']>): void {
    this.feedback = f;
  }

  /** The answer's integrity summary (its findings are reported through outputScanned). */
  integrityChecked(i: AuditIntegrity): void {
    this.integrity = i;
  }

  failed(code: string, status: number): void {
    this.action = 'error';
    this.errorCode = code;
    this.status = status;
  }

  /** Policy said no (input blocked, routing refused): the action stays the policy's, the error is recorded. */
  refused(code: string, status: number): void {
    this.errorCode = code;
    this.status = status;
  }

  /** The client went away before the answer was complete. */
  disconnected(): void {
    this.failed(CLIENT_DISCONNECTED, CLIENT_DISCONNECTED_STATUS);
  }

  get clientGone(): boolean {
    return this.errorCode === CLIENT_DISCONNECTED;
  }

  /**
   * Writes the audit record and releases the admission; later calls do nothing. `sentStatus` is the status the
   * transport finally sent; a streamed answer keeps the one it opened with, a disconnected client 499. The record
   * is handed to the sink before this returns; the promise settles when the sink has stored it. Transports need
   * not wait for it: what the sink holds meanwhile is the entry, not the request.
   */
  finalize(sentStatus?: number): Promise<void> {
    if (this.done) return DONE;
    this.done = true;
    if (sentStatus !== undefined && !this.streamed && !this.clientGone) this.status = sentStatus;
    const { log, requestId } = this;
    // The request's only log line: a summary, never message content.
    const summary: RequestSummary = { requestId, route: this.route, status: this.status, action: this.action, rule: this.decidingRule, errorCode: this.errorCode, ms: elapsedMs(this.startedAt) };
    log.summary(summary, this.action === 'block' ? 'blocked by policy' : 'request completed');
    const usage = this.usage;
    if (usage && this.price) {
      usage.costUsd = (usage.promptTokens * this.price.input_per_mtok + usage.completionTokens * this.price.output_per_mtok) / 1_000_000;
    }
    try {
      this.release?.(usage);
    } catch (err) {
      log.error({ err, requestId }, 'releasing admission failed');
    }
    const failed = (err: unknown) => log.error({ err, requestId }, 'writing the audit record failed');
    try {
      const entry = this.entry();
      const written = this.sink.append(entry);
      this.observer.finished(entry, written);
      return written.then(() => undefined, failed);
    } catch (err) {
      failed(err);
      return DONE;
    }
  }

  /** The audit entry as it stands. */
  entry(): AuditEntry {
    const id = this.identity;
    return {
      requestId: this.requestId,
      ts: this.ts,
      route: this.route,
      identity: id ? auditIdentity(id) : null,
      model: this.model,
      upstream: this.upstream,
      request: this.request,
      inputFindings: this.inputFindings,
      outputFindings: this.outputFindings,
      action: this.action,
      decidingRule: this.decidingRule,
      status: this.status,
      errorCode: this.errorCode,
      output: this.output,
      usage: this.usage,
      latency: { totalMs: elapsedMs(this.startedAt), ...this.latency },
      streamed: this.streamed,
      retrieval: this.retrieval,
      ...(this.quarantined === undefined ? {} : { quarantined: this.quarantined }),
      ...(this.feedback === undefined ? {} : { feedback: this.feedback }),
      integrity: this.integrity,
    };
  }

  private requestChars(): number {
    let n = 0;
    for (const m of this.request.messages) n += m.content.length;
    return n;
  }
}
