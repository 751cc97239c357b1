/** The types a front door and the recorder share: where the record goes, what is logged, what observers are told. */
import type { AuditEntry } from '../spec/gateway.js';
import type { Action, Finding, ScanTrace } from '../spec/types.js';
import type { QuarantinedSegment } from '../spec/context.js';

/** Where the record goes: the audit store's append. */
export interface AuditSink {
  append(entry: AuditEntry): Promise<unknown>;
}

/** The request's summary: ids, outcome and time, no content (flat, so a logger has nothing in it to redact). */
export interface RequestSummary {
  requestId: string;
  route: string;
  status: number;
  action: Action | 'error';
  rule: string | undefined;
  errorCode: string | undefined;
  ms: number;
}

/** Where the recorder logs: the summary, the request's only log line, and failures to release or record. */
export interface RecordLog {
  summary(s: RequestSummary, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A scan's outcome as the record keeps it. */
export interface ScanVerdict {
  action: Action;
  findings: readonly Finding[];
  /** The rule the record names as deciding, when the verdict has one worth naming. */
  decidingRule?: string;
  /** Documents and tool results the input scan quarantined instead of blocking. */
  quarantined?: readonly QuarantinedSegment[] | undefined;
}

/** The parts of a request's path that are timed: admission, the input scan, the upstream call, the output scan. */
export type PipelineStage = 'admission' | 'input_scan' | 'upstream' | 'output_scan';

/**
 * Told what the recorder is told, as it happens: the gateway's metrics and traces (telemetry/) watch requests
 * through it, so no route reports anything twice. It must not throw.
 */
export interface RecorderObserver {
  /** A stage ended just now after `ms` milliseconds; a scan stage comes with its findings. */
  stageEnded(stage: PipelineStage, ms: number, findings?: readonly Finding[]): void;
  /** The record was handed to the sink; `written` settles when it is stored and rejects when the write failed. */
  finished(entry: AuditEntry, written: Promise<unknown>): void;
  /** A scan stage starts: where its inner stages go (traced requests only; absent or undefined otherwise). */
  scanStarted?(stage: ScanStage): ScanTrace | undefined;
}

/** The pipeline stages that are scans. */
export type ScanStage = 'input_scan' | 'output_scan';

/** Price of a model alias, USD per million tokens. */
export interface ModelPrice {
  input_per_mtok: number;
  output_per_mtok: number;
}

