/** The vocabulary of a compliance report: configuration facts, audit-log evidence, framework controls, the report. */
import type { AuditVerifyReport } from '../spec/gateway.js';

export const FRAMEWORK_IDS = ['hipaa', 'pci-dss', 'gdpr', 'soc2'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/** Something Warden's configuration does or does not do, as read from the loaded policy and gateway section. */
export type FactId =
  | 'phi-input'
  | 'phi-output'
  | 'pan-input'
  | 'pan-output'
  | 'personal-data-input'
  | 'personal-data-output'
  | 'secrets'
  | 'fail-closed'
  | 'authentication'
  | 'tool-policy'
  | 'approvals'
  | 'kill-switches'
  | 'audit-hmac'
  | 'audit-redact-at-rest'
  | 'retention-limited'
  | 'retention-1y'
  | 'retention-6y';

export interface Fact {
  id: FactId;
  title: string;
  ok: boolean;
  /** What was found, in words an auditor can check against the config. */
  detail: string;
  /** What to change when `ok` is false. */
  remedy: string;
}

/** What the audit log shows over the window; each control requires some of these. */
export type EvidenceKind =
  | 'audit-records'
  | 'chain-verified'
  | 'phi-handled'
  | 'pan-handled'
  | 'personal-data-handled'
  | 'secrets-handled'
  | 'approval-decisions'
  | 'key-lifecycle'
  | 'key-rotations'
  | 'kill-switch-events'
  | 'admin-actions';

/** One rule's enforced findings at one stage over the window. */
export interface RuleCount {
  ruleId: string;
  stage: string;
  action: 'block' | 'redact';
  count: number;
}

export interface CategoryCount {
  blocked: number;
  redacted: number;
  /** Of those, found in model answers and tool calls (a leak stopped on the way out). */
  outbound: number;
}

export interface ApprovalDecision {
  ts: string;
  requestId: string;
  approval: string;
  decision: 'approve' | 'deny';
  approver: string;
  via: string;
  tool?: string;
  reason?: string;
  /** Set when the store refused the decision (expired, self_approval, ...). */
  refused?: string;
}

export interface KeyEvent {
  ts: string;
  requestId: string;
  event: 'create' | 'revoke';
  keyId: string;
  tenant?: string;
  via: string;
}

/** A key revoked after a replacement for the same tenant was created in the window. */
export interface KeyRotation {
  tenant: string;
  oldKey: string;
  newKey: string;
  createdAt: string;
  revokedAt: string;
}

export interface KillSwitchEvent {
  ts: string;
  requestId: string;
  event: 'set' | 'clear';
  scope: string;
  id: string;
  reason?: string;
  via: string;
}

export interface Evidence {
  records: number;
  requests: number;
  requestsBlocked: number;
  findings: RuleCount[];
  phi: CategoryCount;
  pan: CategoryCount;
  personalData: CategoryCount;
  secrets: CategoryCount;
  approvals: ApprovalDecision[];
  /** Tool calls the tool policy held for a human decision. */
  callsHeld: number;
  keys: KeyEvent[];
  rotations: KeyRotation[];
  killSwitches: KillSwitchEvent[];
  /** Requests refused because a kill switch was on. */
  killRefusals: number;
  admin: { total: number; refused: number; byInterface: Record<string, number> };
  /** The whole chain, not only the window: a break anywhere makes every window's figures doubtful. */
  chain: AuditVerifyReport;
}

export type ControlStatus = 'met' | 'no_evidence' | 'not_configured' | 'failed';

export interface EvidenceCheck {
  kind: EvidenceKind;
  /** Without it in the window the control is `no_evidence`; other kinds are shown in support. */
  required: boolean;
  ok: boolean;
  detail: string;
}

export interface ControlResult {
  id: string;
  title: string;
  /** What the framework asks for, in short. */
  requirement: string;
  /** What satisfies it in a Warden deployment. */
  satisfiedBy: string;
  status: ControlStatus;
  configured: Fact[];
  evidence: EvidenceCheck[];
  /** What to change, one line per missing fact or evidence. */
  gaps: string[];
}

export interface ComplianceReport {
  framework: { id: FrameworkId; name: string; basis: string };
  window: { from: string; to: string };
  generatedAt: string;
  source: { policy: readonly string[]; store: string };
  summary: Record<ControlStatus, number> & { controls: number };
  controls: ControlResult[];
  configuration: Fact[];
  evidence: Evidence;
}
