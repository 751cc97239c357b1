import type { KeyLimits } from './interfaces.js';

const LIMIT_KEYS = ['requests_per_minute', 'tokens_per_day', 'tokens_per_month', 'cost_usd_per_day', 'cost_usd_per_month', 'max_concurrency'] as const;

/** A key's stored limits, parsed: only positive finite numbers under known names survive (both key stores read them so). */
export function keyLimitsOf(v: unknown): KeyLimits | null {
  if (typeof v !== 'object' || v === null) return null;
  const out: KeyLimits = {};
  for (const k of LIMIT_KEYS) {
    const n = (v as Record<string, unknown>)[k];
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) out[k] = n;
  }
  return out;
}
