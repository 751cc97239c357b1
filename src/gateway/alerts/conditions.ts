/**
 * What each alert rule watches. Request-driven rules (injection spikes, upstream error rates) are fed finished
 * requests' audit entries and keep bounded windows; polling rules (kill switches, waiting approvals, the audit
 * chain) read their store when evaluated. Each returns the firings it sees; cooldowns are the alerter's.
 */
import type { ApprovalService } from '../../approvals/service.js';
import type { AuditEntry, AuditStore } from '../../spec/gateway.js';
import type { KillSwitchStore } from '../../store/interfaces.js';
import type { AlertRule } from './config.js';

/** One thing a rule found: what it is about (an upstream, a switch, an approval), a line for people, the facts. */
export interface Firing {
  subject: string;
  summary: string;
  details: Record<string, unknown>;
}

export interface Condition {
  /** A finished API request (request-driven rules). */
  observe?(entry: AuditEntry, now: number): Firing[];
  evaluate(now: number): Promise<Firing[]>;
}

export interface ConditionSources {
  kills: KillSwitchStore;
  approvals: ApprovalService;
  audit: AuditStore;
}

const NONE: Firing[] = [];

function ruleMatches(pattern: string, ruleId: string): boolean {
  return pattern.endsWith('/*') ? ruleId.startsWith(pattern.slice(0, -1)) : pattern === ruleId;
}

/** Requests with a live finding of the watched rules: the newest `threshold` times are enough to know the count reached it. */
function injectionSpike(r: Extract<AlertRule, { type: 'injection_spike' }>): Condition {
  const times: number[] = [];
  const windowMs = r.window_seconds * 1000;
  const check = (now: number): Firing[] => {
    while (times.length > 0 && (times[0] as number) <= now - windowMs) times.shift();
    if (times.length < r.threshold) return NONE;
    const rules = r.rules.join(', ');
    return [{ subject: 'injections', summary: `${times.length} requests with ${rules} findings in the last ${r.window_seconds} s (threshold ${r.threshold})`, details: { count: times.length, threshold: r.threshold, windowSeconds: r.window_seconds, rules: r.rules } }];
  };
  return {
    observe(e, now) {
      const hit = [...e.inputFindings, ...e.outputFindings].some((f) => f.action !== 'allow' && r.rules.some((p) => ruleMatches(p, f.ruleId)));
      if (!hit) return NONE;
      times.push(now);
      if (times.length > r.threshold) times.shift();
      return check(now);
    },
    evaluate: async (now) => check(now),
  };
}

/** Per upstream, 30 time slots across the window with calls and failures (memory does not grow with traffic). */
function upstreamErrorRate(r: Extract<AlertRule, { type: 'upstream_error_rate' }>): Condition {
  const SLOTS = 30;
  const slotMs = Math.max(1, Math.ceil((r.window_seconds * 1000) / SLOTS));
  const perUpstream = new Map<string, { slot: number; calls: number; failed: number }[]>();
  const totals = (slots: readonly { slot: number; calls: number; failed: number }[], now: number) => {
    const current = Math.floor(now / slotMs);
    let calls = 0;
    let failed = 0;
    for (const s of slots) {
      if (s.slot <= current - SLOTS) continue;
      calls += s.calls;
      failed += s.failed;
    }
    return { calls, failed };
  };
  return {
    observe(e, now) {
      const failed = e.errorCode?.startsWith('upstream_') === true;
      // Only requests that reached (or were refused by) the upstream: a request blocked by the input scan never called it.
      if (e.upstream === null || (!failed && e.latency.upstreamMs === undefined)) return NONE;
      if (r.upstream !== undefined && e.upstream !== r.upstream) return NONE;
      const slot = Math.floor(now / slotMs);
      let slots = perUpstream.get(e.upstream);
      if (slots === undefined) {
        slots = [];
        perUpstream.set(e.upstream, slots);
      }
      let s = slots.find((x) => x.slot === slot);
      if (s === undefined) {
        s = { slot, calls: 0, failed: 0 };
        slots.push(s);
        if (slots.length > SLOTS) slots.shift();
      }
      s.calls++;
      if (failed) s.failed++;
      return NONE;
    },
    async evaluate(now) {
      const out: Firing[] = [];
      for (const [upstream, slots] of perUpstream) {
        const { calls, failed } = totals(slots, now);
        if (calls < r.min_requests || failed / calls < r.threshold) continue;
        const pct = Math.round((failed / calls) * 1000) / 10;
        out.push({ subject: upstream, summary: `upstream ${upstream}: ${failed} of ${calls} requests failed (${pct}%) in the last ${r.window_seconds} s`, details: { upstream, calls, failed, rate: failed / calls, threshold: r.threshold, windowSeconds: r.window_seconds } });
      }
      return out;
    },
  };
}

/** Switches set since the last look; those already set when the gateway started are known, not news. */
function killSwitch(kills: KillSwitchStore): Condition {
  let known: Set<string> | undefined;
  return {
    async evaluate() {
      const list = await kills.list();
      const keyOf = (s: { scope: string; id: string }) => `${s.scope}:${s.id}`;
      const first = known === undefined;
      const seen = known ?? new Set<string>();
      const out: Firing[] = [];
      for (const s of list) {
        if (seen.has(keyOf(s))) continue;
        if (!first) out.push({ subject: keyOf(s), summary: `kill switch ${s.scope} ${s.id} tripped${s.reason ? `: ${s.reason}` : ''}`, details: { scope: s.scope, id: s.id, reason: s.reason, setAt: s.createdAt } });
      }
      known = new Set(list.map(keyOf));
      return out;
    },
  };
}

/** Each pending approval older than the limit, once. */
function approvalWaiting(r: Extract<AlertRule, { type: 'approval_waiting' }>, approvals: ApprovalService): Condition {
  let told = new Set<string>();
  return {
    async evaluate(now) {
      const pending = await approvals.list({ status: 'pending' });
      const out: Firing[] = [];
      for (const a of pending) {
        const waitedS = Math.floor((now - Date.parse(a.createdAt)) / 1000);
        if (waitedS < r.older_than_seconds || told.has(a.id)) continue;
        out.push({ subject: a.id, summary: `approval ${a.id} (tool ${a.tool}, tenant ${a.tenant}) has waited ${waitedS} s`, details: { approvalId: a.id, tool: a.tool, tenant: a.tenant, reason: a.reason, createdAt: a.createdAt, expiresAt: a.expiresAt, waitedSeconds: waitedS } });
      }
      for (const f of out) told.add(f.subject);
      // Approvals no longer pending are forgotten, so the set stays as small as the queue.
      told = new Set(pending.filter((a) => told.has(a.id)).map((a) => a.id));
      return out;
    },
  };
}

/** Verifies the whole chain and its witnesses every `every_seconds`; fires while it fails. */
function auditChain(r: Extract<AlertRule, { type: 'audit_chain' }>, audit: AuditStore): Condition {
  let due = 0;
  return {
    async evaluate(now) {
      if (now < due) return NONE;
      due = now + r.every_seconds * 1000;
      const v = await audit.verify();
      const witness = v.witness?.failures ?? [];
      if (v.ok && witness.length === 0) return NONE;
      const what = [`${v.altered.length} altered`, `${v.removed.length} removed`, `${v.reordered.length} out of order`, `${witness.length} witness failures`].join(', ');
      return [{ subject: 'audit-chain', summary: `audit chain verification failed: ${what} (of ${v.checked} records)`, details: { checked: v.checked, altered: v.altered.slice(0, 20), removed: v.removed.slice(0, 20), reordered: v.reordered.slice(0, 20), witnessFailures: witness.slice(0, 5) } }];
    },
  };
}

export function conditionFor(rule: AlertRule, s: ConditionSources): Condition {
  switch (rule.type) {
    case 'injection_spike':
      return injectionSpike(rule);
    case 'upstream_error_rate':
      return upstreamErrorRate(rule);
    case 'kill_switch':
      return killSwitch(s.kills);
    case 'approval_waiting':
      return approvalWaiting(rule, s.approvals);
    case 'audit_chain':
      return auditChain(rule, s.audit);
  }
}
