/** Output integrity applied to a non-streamed answer (the checks themselves: integrity.ts). */
import type { RequestRecorder } from '../recorder.js';
import type { ChatResult } from '../upstreams/types.js';
import { withFields } from '../../core/objects.js';
import { maxAction } from '../../core/decision.js';
import { blockedNotice, type OutputVerdict } from './output.js';
import type { IntegrityRun } from './integrity.js';

/** The answer's grounding confidence, for applications that show or act on it (non-streamed answers). */
export const INTEGRITY_CONFIDENCE_HEADER = 'x-warden-integrity-confidence';

/**
 * Checks a non-streamed answer that passed the output scan (none when the scan blocked it or no check applies),
 * records the outcome, and returns the answer as the client gets it: unchanged (flag), with the notice appended, or
 * replaced by the block notice.
 */
export function applyIntegrity(
  run: IntegrityRun | undefined,
  out: OutputVerdict & { result: ChatResult },
  rec: RequestRecorder,
): OutputVerdict & { result: ChatResult; confidence?: number } {
  if (run === undefined || out.blockedBy !== undefined) return out;
  const o = run.check(out.result.content);
  rec.integrityChecked(o.audit);
  rec.outputScanned({ action: o.action, findings: o.findings, blockedBy: o.blockedBy });
  const confidence = o.audit.confidence ?? undefined;
  const findings = [...out.findings, ...o.findings];
  if (o.blockedBy !== undefined) {
    const result: ChatResult = withFields(out.result, { content: blockedNotice(o.blockedBy), toolCalls: [], finishReason: 'content_filter', reasoning: [] });
    return { action: 'block', findings, blockedBy: o.blockedBy, result, confidence };
  }
  const result = o.notice === undefined ? out.result : withFields(out.result, { content: out.result.content + o.notice });
  return { action: maxAction(out.action, o.action), findings, result, confidence };
}
