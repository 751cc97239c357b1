/**
 * The async guard tier. After the synchronous detectors, every guard of each scanned text's plan runs, all
 * concurrently, each under its own timeout and an abort signal that follows the caller's. A timeout, a
 * rejection or a cancelled request is an error that the policy's on_error decides (fail closed by default).
 * Nothing runs once the synchronous tier has blocked: the guards could not change the outcome.
 */
import type { GuardContext } from '../spec/guard.js';
import type { ScanSpan, ScanSpanAttributes } from '../spec/types.js';
import type { GuardStep, StagePlan } from './compile.js';
import { errorText, fail, judgeFindings, type RunState, type ScanFinding } from './pipeline.js';
import { exceedsBytes } from './text.js';

/** One text to run its plan's guards on (messageIndex: which scanInput message it is). */
export interface GuardJob {
  readonly plan: StagePlan;
  readonly text: string;
  readonly messageIndex?: number;
}

/** Findings per job, in guard order; errors and skips go to state. */
export async function runGuards(jobs: readonly GuardJob[], state: RunState, signal: AbortSignal | undefined): Promise<ScanFinding[][]> {
  if (state.blocked) {
    for (const job of jobs) for (const step of job.plan.guards) state.skipped.add(step.guard.id);
    return jobs.map(() => []);
  }
  const reported = new Set<string>();
  const tier = state.trace?.start('warden.scan.guards', { 'warden.texts': jobs.length }, state.textSpan);
  const perJob = jobs.map((job) =>
    // Oversized texts were refused unscanned by the synchronous tier; empty ones have nothing to judge.
    job.text === '' || exceedsBytes(job.text, job.plan.maxInputBytes)
      ? []
      : job.plan.guards.map((step) => traced(tier, state, job, step, call(job, step, state, signal, reported))),
  );
  const out = await Promise.all(perJob.map(async (calls) => (await Promise.all(calls)).flat()));
  tier?.end({ 'warden.errors': state.errors.length, 'warden.blocked': state.blocked });
  return out;
}

/** One guard call as a `warden.scan.guard` span under the tier's, when the scan is traced. */
function traced(tier: ScanSpan | undefined, state: RunState, job: GuardJob, step: GuardStep, run: Promise<ScanFinding[]>): Promise<ScanFinding[]> {
  if (tier === undefined || state.trace === undefined) return run;
  const attributes: ScanSpanAttributes = { 'warden.guard': step.guard.id, 'warden.stage': job.plan.stage, 'warden.timeout_ms': step.timeoutMs };
  if (job.messageIndex !== undefined) attributes['warden.message_index'] = job.messageIndex;
  const span = state.trace.start('warden.scan.guard', attributes, tier);
  const errorsBefore = state.errors.length;
  return run.then((findings) => {
    const failed = state.errors.slice(errorsBefore).find((e) => e.detector === step.guard.id);
    span.end({ 'warden.findings': findings.length, 'warden.error': failed?.message ?? '' });
    return findings;
  });
}

async function call(job: GuardJob, step: GuardStep, state: RunState, parent: AbortSignal | undefined, reported: Set<string>): Promise<ScanFinding[]> {
  const id = step.guard.id;
  // One error per guard and cause, however many messages it missed.
  const failed = (message: string): ScanFinding[] => {
    if (!reported.has(`${id}\u0000${message}`)) fail(state, job.plan, id, message);
    reported.add(`${id}\u0000${message}`);
    return [];
  };
  if (parent?.aborted === true) return failed('guard not run: the scan was cancelled');
  const controller = new AbortController();
  let timedOut = false;
  let cancelled = false;
  const cancel = (): void => {
    cancelled = true;
    controller.abort(parent?.reason);
  };
  parent?.addEventListener('abort', cancel, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`no answer within ${step.timeoutMs} ms`));
  }, step.timeoutMs);
  const ctx: GuardContext = { stage: job.plan.stage, settings: step.settings, request: state.request };
  try {
    // The race stops the wait even when a guard ignores its signal.
    const raw = await Promise.race([step.guard.scan(job.text, ctx, controller.signal), rejection(controller.signal)]);
    if (!Array.isArray(raw)) throw new Error('scan() did not resolve to an array');
    return judgeFindings(job.plan, job.text, state, job.messageIndex, id, step, raw);
  } catch (err) {
    if (timedOut) return failed(`guard timed out after ${step.timeoutMs} ms (timeout_ms)`);
    if (cancelled) return failed('guard cancelled: the scan was cancelled');
    return failed(`guard failed: ${errorText(err)}`);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', cancel);
  }
}

function rejection(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
}
