/**
 * The approval workflow every front door shares: open a request bound to one call, let a human other than
 * the requester decide it, and tell the waiting caller. Storage, the event channel and the notifier are
 * injected, so a PostgreSQL store or Redis pub/sub replace the embedded ones without touching this file.
 */
import { randomBytes } from 'node:crypto';
import type { ApprovalEvents, ApprovalFilter, ApprovalRecord, ApprovalRequester, ApprovalStore, Approver } from '../spec/approvals.js';
import { callHash, canonicalArgs } from './binding.js';
import { createLocalApprovalEvents } from './events.js';

/** 15 minutes: long enough for a human on call, short enough that a forgotten request denies. */
export const DEFAULT_APPROVAL_TTL_MS = 900_000;
/** How often a waiter re-reads the store, for decisions made by another process (the CLI). */
export const DEFAULT_POLL_MS = 250;

export interface ApprovalServiceOptions {
  store: ApprovalStore;
  events?: ApprovalEvents;
  /** Called with each new request, not awaited (the webhook). */
  notify?: (rec: ApprovalRecord) => void;
  ttlMs?: number;
  pollMs?: number;
  now?: () => number;
}

export interface NewApproval {
  tenant: string;
  requester: ApprovalRequester;
  tool: string;
  args: unknown;
  reason: string;
  ruleId?: string;
  requestId?: string;
  /** Overrides the service's time to live. */
  ttlMs?: number;
}

export type DecideOutcome =
  | { ok: true; record: ApprovalRecord }
  | { ok: false; code: 'not_found' | 'self_approval' | 'not_pending'; message: string; record?: ApprovalRecord };

export interface ApprovalService {
  request(a: NewApproval): Promise<ApprovalRecord>;
  /** The record, expired first when its time is up. */
  get(id: string): Promise<ApprovalRecord | undefined>;
  list(filter?: ApprovalFilter): Promise<ApprovalRecord[]>;
  decide(id: string, d: { approve: boolean; by: Approver; reason?: string }): Promise<DecideOutcome>;
  /** Resolves with the record once it is no longer pending (expiry included), or rejects when `signal` aborts. */
  waitFor(id: string, signal?: AbortSignal): Promise<ApprovalRecord>;
  /** True once for an approved approval of exactly this call; later calls, other args or tools get false. */
  consume(id: string, tool: string, args: unknown): Promise<boolean>;
}

/** `apr_` and 16 URL-safe random characters (96 bits): ids are shown to humans and put in URLs. */
export function newApprovalId(): string {
  return `apr_${randomBytes(12).toString('base64url')}`;
}

/** Whether `by` is the caller who asked: same key, or the same person named as the end user or the key. */
export function isSelfApproval(requester: ApprovalRequester, by: Approver): boolean {
  if (by.keyId !== undefined && by.keyId === requester.keyId) return true;
  return by.name === requester.keyId || (requester.userId !== undefined && by.name === requester.userId);
}

export function createApprovalService(opts: ApprovalServiceOptions): ApprovalService {
  const { store } = opts;
  const events = opts.events ?? createLocalApprovalEvents();
  const now = opts.now ?? Date.now;
  const ttlMs = opts.ttlMs ?? DEFAULT_APPROVAL_TTL_MS;
  const pollMs = opts.pollMs ?? DEFAULT_POLL_MS;

  const get = async (id: string): Promise<ApprovalRecord | undefined> => {
    const rec = await store.get(id);
    if (rec?.status !== 'pending' || Date.parse(rec.expiresAt) > now()) return rec;
    for (const expired of await store.expire(new Date(now()))) events.publish(expired);
    return store.get(id);
  };

  return {
    async request(a) {
      const at = now();
      const rec: ApprovalRecord = {
        id: newApprovalId(),
        tenant: a.tenant,
        requester: a.requester,
        tool: a.tool,
        args: canonicalArgs(a.args),
        argsHash: callHash(a.tool, a.args),
        reason: a.reason,
        status: 'pending',
        createdAt: new Date(at).toISOString(),
        expiresAt: new Date(at + (a.ttlMs ?? ttlMs)).toISOString(),
        decidedAt: null,
        decidedBy: null,
        decisionReason: null,
        consumedAt: null,
        ...(a.ruleId === undefined ? {} : { ruleId: a.ruleId }),
        ...(a.requestId === undefined ? {} : { requestId: a.requestId }),
      };
      await store.create(rec);
      opts.notify?.(rec);
      return rec;
    },
    get,
    list: (filter) => store.list(filter),
    async decide(id, d) {
      const rec = await get(id);
      if (rec === undefined) return { ok: false, code: 'not_found', message: `No approval ${id}.` };
      if (isSelfApproval(rec.requester, d.by)) {
        return { ok: false, code: 'self_approval', message: `${d.by.name} asked for this call and cannot decide it; another person must.`, record: rec };
      }
      const decided = await store.decide(id, { status: d.approve ? 'approved' : 'denied', by: d.by, reason: d.reason ?? null, at: new Date(now()) });
      if (decided === undefined) {
        const current = (await get(id)) ?? rec;
        return { ok: false, code: 'not_pending', message: `Approval ${id} is ${current.status}; only a pending approval can be decided.`, record: current };
      }
      events.publish(id);
      return { ok: true, record: decided };
    },
    waitFor(id, signal) {
      return new Promise<ApprovalRecord>((resolve, reject) => {
        let done = false;
        let timer: NodeJS.Timeout | undefined;
        const finish = (err: unknown, rec?: ApprovalRecord) => {
          if (done) return;
          done = true;
          unsubscribe();
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (rec !== undefined) resolve(rec);
          else reject(err instanceof Error ? err : new Error(String(err)));
        };
        const check = () => {
          get(id).then(
            (rec) => {
              if (rec === undefined) finish(new Error(`No approval ${id}.`));
              else if (rec.status !== 'pending') finish(undefined, rec);
              else schedule(rec);
            },
            (err: unknown) => finish(err),
          );
        };
        // Re-read at the next poll or at expiry, whichever is sooner.
        const schedule = (rec: ApprovalRecord) => {
          if (done) return;
          const untilExpiry = Math.max(0, Date.parse(rec.expiresAt) - now());
          clearTimeout(timer);
          timer = setTimeout(check, Math.min(pollMs, untilExpiry + 1));
        };
        const onAbort = () => finish(signal?.reason ?? new Error('aborted'));
        const unsubscribe = events.subscribe(id, check);
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        check();
      });
    },
    async consume(id, tool, args) {
      const rec = await get(id);
      if (rec?.status !== 'approved') return false;
      return store.consume(id, callHash(tool, args), new Date(now()));
    },
  };
}
