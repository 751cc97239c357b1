/**
 * One circuit breaker per tool (core/breaker.ts, the same one the gateway keeps per upstream): a tool whose calls
 * keep failing (it throws, times out, its sandbox run fails) is refused for a cooldown instead of being hammered,
 * then probed with one call.
 */
import { z } from 'zod';
import { CircuitBreaker, type BreakerSharing, type BreakerState, type Permit } from '../core/breaker.js';
import { LruCache } from '../core/lru.js';

const share = z.number().gt(0).lte(1);
const count = z.number().int().positive();

/** Options of every tool's breaker, with per-tool overrides under `tools`. */
export const toolBreakerOptionsSchema = z.strictObject({
  /** Consecutive failures that open a tool's circuit. */
  failure_threshold: count.default(5),
  /** Share of failures among the last `window` calls that opens it (after `min_calls` calls). */
  error_rate: share.default(0.5),
  window: count.default(20),
  min_calls: count.default(10),
  cooldown_ms: count.default(30_000),
  /** Breakers kept at once (least recently used dropped first): tool names come from the model, so they are bounded. */
  max_tools: count.default(10_000),
  tools: z
    .record(
      z.string().min(1),
      z.strictObject({ failure_threshold: count.optional(), error_rate: share.optional(), window: count.optional(), min_calls: count.optional(), cooldown_ms: count.optional() }),
    )
    .default({}),
});
export type ToolBreakerOptions = z.output<typeof toolBreakerOptionsSchema>;

export type ToolAdmission = { ok: true; permit: Permit } | { ok: false; retryAfterSec: number; message: string };

export interface ToolBreakers {
  /** A permit for one call of `tool` (report its outcome on it), or a refusal while the tool's circuit is open. */
  acquire(tool: string): ToolAdmission;
  state(tool: string): BreakerState;
  /** The state of every tool with a breaker so far (a tool never called has none: it is closed). */
  states(): { tool: string; state: BreakerState }[];
}

/** `sharing` (gateway.cache) opens and closes each tool's circuit on every replica at once. */
export function createToolBreakers(options: Partial<ToolBreakerOptions> = {}, now: () => number = Date.now, sharing?: BreakerSharing): ToolBreakers {
  const opts = toolBreakerOptionsSchema.parse(options);
  const breakers = new LruCache<string, CircuitBreaker>(opts.max_tools);
  const breakerOf = (tool: string): CircuitBreaker =>
    breakers.getOrCreate(tool, () => {
      const o = { ...opts, ...opts.tools[tool] };
      return new CircuitBreaker({
        failureThreshold: o.failure_threshold,
        cooldownMs: o.cooldown_ms,
        errorRate: { threshold: o.error_rate, window: o.window, minCalls: Math.min(o.min_calls, o.window) },
        now,
        shared: sharing && { name: `tool:${tool}`, sharing },
      });
    });
  return {
    acquire(tool) {
      const b = breakerOf(tool);
      const permit = b.tryAcquire();
      if (permit) return { ok: true, permit };
      const rate = Math.round(b.failureRate() * 100);
      return { ok: false, retryAfterSec: b.retryAfterSec(), message: `Tool ${tool} is failing (${rate}% of recent calls) and paused by its circuit breaker` };
    },
    state: (tool) => breakerOf(tool).state,
    states: () => [...breakers.entries()].map(([tool, b]) => ({ tool, state: b.state })),
  };
}
