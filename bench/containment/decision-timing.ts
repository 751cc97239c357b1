/**
 * The tool policy's decision time per call without approval: every decision request the library door made in the
 * run (the scenarios' real calls, with their identity, history and provenance context) is decided again by
 * `ToolPolicyEngine.decide`, in ROUNDS rounds; calls the policy holds for approval are left out (their time is a
 * human's). Each round starts with empty limit counters, so every round takes the decision path of the real run.
 * On a shared machine a call is sometimes descheduled for milliseconds by other processes, which says nothing
 * about the engine: the figure is therefore each call's best of the rounds, and its p99 over the calls; the raw
 * wall-clock p99 over every timed call is reported beside it. The baseline is the same engine on a policy without
 * `tools:` (a pass-through), timed the same way in the same run.
 */
import { performance } from 'node:perf_hooks';
import type { ToolDecisionRequest, ToolLimitStore } from '../../src/spec/tools.js';
import { createMemoryLimitStore } from '../../src/store/memory-limits.js';
import { ToolPolicyEngine } from '../../src/tools/decide.js';
import { createWarden } from '../../src/warden.js';

export interface DecisionTiming {
  calls: number;
  rounds: number;
  /** Over the calls, of each call's best time. */
  p50: number;
  p99: number;
  /** Over every timed call of every round. */
  wallP99: number;
  baselineP99: number;
}

const ROUNDS = 30;

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}

/** A limit store whose counters can be emptied between rounds. */
function resettableLimits(): { store: ToolLimitStore; reset(): void } {
  let inner = createMemoryLimitStore();
  return {
    store: { hit: (...a) => inner.hit(...a), consume: (...a) => inner.consume(...a) },
    reset: () => {
      inner = createMemoryLimitStore();
    },
  };
}

async function timed(policy: ConstructorParameters<typeof ToolPolicyEngine>[0], requests: readonly ToolDecisionRequest[]): Promise<{ best: number[]; all: number[] }> {
  const limits = resettableLimits();
  const engine = new ToolPolicyEngine(policy, { limits: limits.store });
  const best = requests.map(() => Number.POSITIVE_INFINITY);
  const all: number[] = [];
  for (let round = -1; round < ROUNDS; round++) {
    limits.reset();
    for (const [i, req] of requests.entries()) {
      const t0 = performance.now();
      await engine.decide(req);
      const ms = performance.now() - t0;
      // Round -1 warms up (plans and schemas are compiled on first use).
      if (round < 0) continue;
      all.push(ms);
      best[i] = Math.min(best[i] as number, ms);
    }
  }
  return { best, all };
}

export async function decisionTiming(policyFile: string, requests: readonly ToolDecisionRequest[]): Promise<DecisionTiming> {
  const policy = createWarden(policyFile).policy;
  const probe = new ToolPolicyEngine(policy, { limits: createMemoryLimitStore() });
  const direct: ToolDecisionRequest[] = [];
  for (const req of requests) if ((await probe.decide(req)).action !== 'require_approval') direct.push(req);
  const t = await timed(policy, direct);
  const b = await timed(createWarden({ version: 1, extends: 'default' }).policy, direct);
  return { calls: direct.length, rounds: ROUNDS, p50: percentile(t.best, 0.5), p99: percentile(t.best, 0.99), wallP99: percentile(t.all, 0.99), baselineP99: percentile(b.best, 0.99) };
}
