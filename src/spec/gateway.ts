/** Gateway-side vocabulary: identity, admission, audit. Types only. */
import type { QuarantinedSegment } from './context.js';
import type { AuditIntegrity } from './integrity.js';
import type { WithheldDocument } from './retrieval.js';
import type { ToolDefinition } from './tools.js';
import type { Action, ChatMessage, Finding } from './types.js';

/** Who is calling, after authentication. */
export interface Identity {
  /** Virtual key id (not the secret), or `jwt:<sub>`, or `open` for unauthenticated trial mode. */
  keyId: string;
  tenant: string;
  userId?: string;
  /**
   * Where userId came from: `header` is asserted by the client (the user header, believed for keys created
   * with trust-user-header and in open mode) and was not verified; `token` is a claim of a verified JWT.
   */
  userIdSource?: 'header' | 'token';
  roles: string[];
  /** Groups for document ACLs (JWT `groups` claim); keys carry them as `group:<name>` roles (docs/retrieval.md). */
  groups?: string[];
  /** Highest document classification the caller may read (JWT `clearance` claim, or a key's `clearance:<level>` role). */
  clearance?: string;
  /** Model names/aliases the caller may use; `['*']` for all. */
  models: string[];
  /** Tool names the caller may use; `['*']` for all. */
  tools: string[];
  /** Whether an end-user id header from this caller is trusted. */
  trustUserHeader: boolean;
  /** `library`: a tool call made through the library's tool guard, whose caller the application named. */
  authMethod: 'api-key' | 'jwt' | 'open' | 'library';
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** Cost in US dollars, when the model has a price. */
  costUsd?: number;
}

/** Who made an operator or audit-log call (admin API, CLI, /v1/audit) and from where; never a credential. */
export interface AdminCall {
  /**
   * How the caller authenticated: the admin token, local access to the data dir (CLI), a tenant key or JWT
   * (`identity` of the record holds it), a dashboard session (its operator is named in `request.params`), the
   * gateway itself (`gateway`: an alert it raised), or not at all (a failed login).
   */
  caller: 'admin-token' | 'cli' | 'tenant' | 'dashboard' | 'gateway' | 'unauthenticated';
  /** Client address (HTTP calls). */
  remoteAddress?: string;
  /** Public id of a Warden key presented by a caller that was not let in (never the key). */
  presentedKeyId?: string;
}

/** One tool call's decision as recorded; its arguments stay in `request.params`, which redact-at-rest rewrites. */
export interface AuditToolCall {
  tool: string;
  callId: string;
  action: 'allow' | 'deny' | 'require_approval';
  ruleId: string;
  reason: string;
  evidence: readonly string[];
  /** The approval that held the call, when it needed one. */
  approvalId?: string;
  /** What became of the call: run (`ok`), refused, result withheld by the scan, or failed while running. */
  outcome?: 'ok' | 'denied' | 'blocked' | 'error';
}

/** A scanned request text as recorded: for gateway requests, `path` is the body field it came from, e.g. `messages.1.content.0.text`. */
export interface AuditMessage extends ChatMessage {
  path?: string;
}

/** What identity-aware retrieval did for one request: documents added to the context and documents withheld, with why. */
export interface AuditRetrieval {
  /** Documents added to the request, by id, where they came from and their source. */
  added: { id: string; origin: 'store' | 'request'; source?: string }[];
  withheld: (WithheldDocument & { origin: 'store' | 'request' })[];
  /** The store's search mode when the retrieval step ran (`sqlite-fts5`, `postgres-fts`, ...). */
  searchMode?: string;
  ms: number;
}

/** One audit record per request, as written by the gateway (before hashing). */
export interface AuditEntry {
  requestId: string;
  /** ISO-8601 timestamp. */
  ts: string;
  route: string;
  identity: Pick<Identity, 'keyId' | 'tenant' | 'userId' | 'userIdSource' | 'roles' | 'authMethod'> | null;
  model: string | null;
  upstream: string | null;
  /**
   * Full request context: messages, tools (in one shape for every protocol), parameters (stored redacted when the
   * store is in redact-at-rest mode).
   */
  request: { messages: AuditMessage[]; tools?: ToolDefinition[]; params?: Record<string, unknown>; raw?: unknown };
  inputFindings: Finding[];
  outputFindings: Finding[];
  /** Final decision for the request. */
  action: Action | 'error';
  decidingRule?: string;
  status: number;
  errorCode?: string;
  output: string | null;
  usage?: TokenUsage;
  latency: { totalMs: number; inputScanMs?: number; upstreamMs?: number; outputScanMs?: number; ttftMs?: number };
  streamed: boolean;
  /** Present on records of operator and audit-log calls, absent on model API requests. */
  admin?: AdminCall;
  /** Tool calls the tool policy decided (any front door); metadata only, kept verbatim by redact-at-rest. */
  toolCalls?: AuditToolCall[];
  /** Identity-aware retrieval: documents added and withheld (docs/retrieval.md); absent when none were involved. */
  retrieval?: AuditRetrieval;
  /**
   * Documents and tool results the input scan quarantined (policy `quarantine:`) instead of blocking the request:
   * `messageIndex` is the segment's index in `request.messages`; absent when none was.
   */
  quarantined?: QuarantinedSegment[];
  /** POST /v1/feedback: the request reported and the rating; metadata only, kept verbatim by redact-at-rest (the comment is in `request`). */
  feedback?: { requestId: string; rating: 'good' | 'bad'; label?: string };
  /** Output integrity of the answer: checks run, confidence, claims supported (docs/integrity.md); findings are in outputFindings. */
  integrity?: AuditIntegrity;
  /** Set by the store when it replaced PII and secrets in the content before storing (redact-at-rest). */
  redactedAtRest?: boolean;
  /** The rule pack the detectors ran with (docs/rule-packs.md), set by the audit store wrapper for every entry. */
  rulePack?: AuditRulePack;
}

/** `name@version` and digest of the active rule pack; `{ name: 'builtin', version }` (no digest) without one. */
export interface AuditRulePack {
  name: string;
  version: string;
  digest?: string;
}

/** A stored record: the entry plus its place in the tamper-evident hash chain. */
export interface AuditRecord extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  tenant?: string;
  keyId?: string;
  action?: string;
  since?: string;
  until?: string;
  limit?: number;
  /**
   * Cursor: only records with a lower `seq`. Results are newest first, so the next page of a full page
   * starts below its last record's `seq`; records appended meanwhile never shift a page.
   */
  beforeSeq?: number;
}

/** Result of `warden audit verify`. */
export interface AuditVerifyReport {
  ok: boolean;
  checked: number;
  /** Records whose content no longer matches their hash. */
  altered: number[];
  /** Sequence numbers missing from the chain. */
  removed: number[];
  /** Records whose prevHash does not link to the record before them (reordered or spliced). */
  reordered: number[];
  /** The chain checked against witnesses outside its table (checkpoint file, an expected head); absent when none. */
  witness?: AuditWitnessReport;
}

/** A signed statement "the chain had `count` records with head hash `head`", one JSON line of the checkpoint file. */
export interface AuditCheckpoint {
  v: 1;
  /** Records ever appended (the head's seq). */
  count: number;
  head: string;
  /** ISO-8601. */
  ts: string;
  /** `none`: the log has no HMAC key, so the checkpoint is unsigned. */
  alg: 'hmac-sha256' | 'none';
  sig?: string;
}

export interface AuditWitnessCheck {
  /** `checkpoint #3`, `the expected head`, ... */
  source: string;
  count?: number;
  head?: string;
  ts?: string;
  ok: boolean;
  problem?: string;
}

export interface AuditWitnessReport {
  /** Path of the checkpoint file read, when the store has one. */
  checkpointFile?: string;
  /** Valid checkpoints in the file. */
  checkpoints: number;
  /** The valid checkpoint with the highest count, and its line number in the file. */
  latest?: AuditCheckpoint;
  latestIndex?: number;
  /** Failed checks only: truncation, divergence, bad signatures. */
  failures: AuditWitnessCheck[];
}

/** The chain's current length and head: what an outside system keeps to detect a later truncation. */
export interface AuditHead {
  /** Records ever appended (highest seq issued to a stored record, or the prune anchor's). */
  count: number;
  /** Hash of record `count` (the genesis hash for an empty log). */
  head: string;
  /** Records up to this seq were pruned (0: none); the stored ones are the rest. */
  prunedThrough: number;
  alg: 'sha256' | 'hmac-sha256';
  checkpointFile?: string;
  /** The newest line of the checkpoint file. */
  latestCheckpoint?: AuditCheckpoint;
}

/** A witness held outside (`warden audit verify --expect-count N --expect-head H`). */
export interface AuditExpectation {
  count: number;
  head?: string;
}

/** Append-only audit storage; SQLite today, PostgreSQL in the scale-out work. */
export interface AuditStore {
  append(entry: AuditEntry): Promise<AuditRecord>;
  get(requestId: string): Promise<AuditRecord | undefined>;
  query(q: AuditQuery): Promise<AuditRecord[]>;
  /** Every record in sequence order, for verify and export. */
  iterate(): AsyncIterable<AuditRecord>;
  /** Checks the chain, the checkpoint file (when the store has one) and, when given, an expected head. */
  verify(expect?: AuditExpectation): Promise<AuditVerifyReport>;
  head(): Promise<AuditHead>;
  /** Deletes records older than the cutoff, keeping the chain verifiable (records an anchor). Returns how many. */
  prune(before: Date): Promise<number>;
  close(): Promise<void>;
}
