/**
 * Human approval of tool calls: the record a front door creates when the tool policy says
 * `require_approval`, the store that keeps it, and the channel that tells a waiting caller. Types only.
 */

/** `pending` until a human decides or it expires; an expired approval is a deny. */
export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';
export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['pending', 'approved', 'denied', 'expired'];

/** Who asked for the call: the caller's credential and end user, never a secret. */
export interface ApprovalRequester {
  /** Virtual key id, `jwt:<sub>`, `open`, or the library's caller id. */
  keyId: string;
  userId?: string;
}

/** Who decided: a person named by the operator interface, and the credential they came with. */
export interface Approver {
  /** The person (CLI `--as`, admin API `approver`), or the key id of a key with the approver role. */
  name: string;
  /** How they authenticated: `cli` (local access to the data dir), `admin-token`, a tenant key, or a dashboard session. */
  via: 'cli' | 'admin-token' | 'key' | 'library' | 'dashboard';
  /** Key id when `via` is `key`. */
  keyId?: string;
}

/** One approval as stored. `argsHash` binds it to the exact call it was shown: other arguments need a new one. */
export interface ApprovalRecord {
  /** `apr_` + random characters. */
  id: string;
  tenant: string;
  requester: ApprovalRequester;
  tool: string;
  /** Canonical JSON of the arguments as shown to the approver. */
  args: string;
  /** SHA-256 hex of the canonical JSON of `{ tool, args }`. */
  argsHash: string;
  /** Why approval is needed (the policy's reason) and the rule that said so. */
  reason: string;
  ruleId?: string;
  /** The request or session that proposed the call, when the front door knows it. */
  requestId?: string;
  status: ApprovalStatus;
  /** ISO-8601. */
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  decidedBy: Approver | null;
  decisionReason: string | null;
  /** When the approved call was run; an approval runs one call once. */
  consumedAt: string | null;
}

export interface ApprovalFilter {
  status?: ApprovalStatus;
  tenant?: string;
  limit?: number;
}

/** A decision to store: only a pending, unexpired approval takes one. */
export interface ApprovalDecision {
  status: 'approved' | 'denied';
  by: Approver;
  reason: string | null;
  at: Date;
}

/** Approvals in the embedded store; a PostgreSQL store must pass the same contract tests. */
export interface ApprovalStore {
  /** Fails when the id exists. */
  create(rec: ApprovalRecord): Promise<void>;
  get(id: string): Promise<ApprovalRecord | undefined>;
  /** Newest first. */
  list(filter?: ApprovalFilter): Promise<ApprovalRecord[]>;
  /** Decides a pending approval not yet expired at `d.at`; undefined when there was none to decide. */
  decide(id: string, d: ApprovalDecision): Promise<ApprovalRecord | undefined>;
  /** Marks pending approvals whose time is up as expired; returns their ids. */
  expire(at: Date): Promise<string[]>;
  /** Marks an approved, unused approval of exactly this call as used; false when there is none. */
  consume(id: string, argsHash: string, at: Date): Promise<boolean>;
}

/**
 * Tells waiting callers that an approval changed. In-process today; a Redis pub/sub implementation spans
 * gateway replicas (issue 17). Waiters also re-read the store, so a change made by another process (the
 * CLI) is seen without it.
 */
export interface ApprovalEvents {
  publish(id: string): void;
  /** Returns the unsubscribe function. */
  subscribe(id: string, listener: () => void): () => void;
}
