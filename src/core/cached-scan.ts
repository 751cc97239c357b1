/** Input-scan steps that reuse the message cache: one message scanned, or its earlier result taken. */
import type { StagePlan } from './compile.js';
import { MessageCache } from './message-cache.js';
import { scanText, type RunState, type ScanFinding } from './pipeline.js';
import { withFields } from './objects.js';

const NONE_SKIPPED: readonly string[] = [];

/**
 * Scans one message of a scanInput call, or takes its result from the cache. A result is kept only when the scan
 * ran to completion: no detector error, and the latency budget never ran out (the clock only moves forward, so if
 * it is within budget now it was at every check the cascade made).
 */
export function scanMessage(cache: MessageCache, contextKey: string, plan: StagePlan, text: string, state: RunState, index: number): ScanFinding[] {
  const key = MessageCache.key(contextKey, text);
  const hit = cache.get(plan, key);
  if (hit !== undefined) {
    for (const id of hit.skipped) state.skipped.add(id);
    if (hit.blocked) state.blocked = true;
    return hit.findings.map((f) => withFields(f, { messageIndex: index }));
  }
  const errors = state.errors.length;
  const skipped = state.skipped.size;
  const findings = scanText(plan, text, state, index);
  if (state.errors.length === errors && performance.now() - state.started <= state.budgetMs) {
    // Copies: what the caller gets may be changed by it; what the cache holds must not be.
    const added = state.skipped.size === skipped ? NONE_SKIPPED : [...state.skipped].slice(skipped);
    cache.set(plan, key, { findings: findings.map((f) => ({ ...f })), skipped: added, blocked: state.blocked });
  }
  return findings;
}

