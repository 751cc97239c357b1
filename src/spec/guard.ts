/**
 * The async guard tier: checks that have to wait on something outside the scan (a remote classifier, a
 * store-backed list, a policy engine). Detectors stay synchronous and run first; guards run after them,
 * concurrently, and only when the synchronous tier has not already blocked.
 */
import type { ZodObject, ZodRawShape, infer as ZodInfer } from 'zod';
import type { DetectorSettings, RawFinding, ScanContext, Stage } from './types.js';

/** What a guard's scan receives besides the text and the abort signal. */
export interface GuardContext<O = Record<string, unknown>> {
  stage: Stage;
  settings: DetectorSettings<O>;
  request: ScanContext;
}

/**
 * A guard: one per file under src/guards/, file name = id, configured under `guards.<id>` of warden.yaml with
 * the same common keys as a detector plus `timeout_ms`. A guard that throws, rejects or outlives its timeout is
 * handled by the policy's on_error (fail closed by default), exactly like a detector error.
 */
export interface Guard<S extends ZodRawShape = ZodRawShape, O = ZodInfer<ZodObject<S>>> {
  readonly id: string;
  /** Stages the guard applies to by default (the policy may narrow or widen them per stage). */
  readonly stages: readonly Stage[];
  /** One-line description for docs and `warden policy schema`. */
  readonly description: string;
  /** Guard-specific policy keys (every field optional or defaulted), flat beside the common keys. */
  readonly options: ZodObject<S>;
  /** Default wait in ms before the call is aborted and counted as an error; `timeout_ms` in the policy overrides it. */
  readonly timeoutMs: number;
  /**
   * `signal` aborts when the timeout passes or the request is cancelled (client gone): pass it on to fetch
   * or the store, so the work stops too. The pipeline stops waiting at that moment either way.
   */
  scan(text: string, ctx: GuardContext<O>, signal: AbortSignal): Promise<RawFinding[]>;
}

