/** Judges a framework's controls against the configuration facts and the window's evidence. */
import { ranges } from '../audit/seq-ranges.js';
import type { AuditVerifyReport } from '../spec/gateway.js';
import { FRAMEWORKS, type ControlSpec } from './frameworks/index.js';
import type { CategoryCount, ComplianceReport, ControlResult, ControlStatus, Evidence, EvidenceCheck, EvidenceKind, Fact, FrameworkId } from './types.js';

/** The verification result in one line, as `warden audit verify` states it. */
export function chainSummary(c: AuditVerifyReport): string {
  if (c.ok) return `OK: ${c.checked} records verified, chain intact`;
  const parts = [
    c.altered.length ? `altered seq ${ranges(c.altered)}` : '',
    c.removed.length ? `removed seq ${ranges(c.removed)}` : '',
    c.reordered.length ? `reordered seq ${ranges(c.reordered)}` : '',
    ...(c.witness?.failures ?? []).map((f) => f.problem ?? `${f.source} does not hold`),
  ].filter((p) => p !== '');
  return `FAILED: ${c.checked} records checked; ${parts.join('; ')}`;
}

/** `1 key`, `2 keys`. */
const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

const handled = (c: CategoryCount, what: string) => ({
  ok: c.blocked + c.redacted > 0,
  detail: `${what}: ${c.redacted} redacted, ${c.blocked} blocked (${c.outbound} in answers or tool calls)`,
});

function check(kind: EvidenceKind, e: Evidence): { ok: boolean; detail: string } {
  switch (kind) {
    case 'audit-records':
      return { ok: e.records > 0, detail: `${n(e.records, 'record')}: ${n(e.requests, 'request')} (${e.requestsBlocked} blocked), ${n(e.admin.total, 'operator call')}` };
    case 'chain-verified':
      return { ok: e.chain.ok, detail: chainSummary(e.chain) };
    case 'phi-handled':
      return handled(e.phi, 'PHI findings');
    case 'pan-handled':
      return handled(e.pan, 'card-number findings');
    case 'personal-data-handled':
      return handled(e.personalData, 'personal-data findings');
    case 'secrets-handled':
      return handled(e.secrets, 'secret findings');
    case 'approval-decisions': {
      // A decision the store refused (expired, self-approval) shows the workflow held, not that someone approved.
      const decided = e.approvals.filter((a) => a.refused === undefined);
      const who = [...new Set(decided.map((a) => a.approver))];
      const refused = e.approvals.length - decided.length;
      return {
        ok: decided.length > 0,
        detail: `${n(decided.length, 'decision')}${who.length ? ` by ${who.join(', ')}` : ''}${refused ? `, ${refused} refused` : ''}; ${n(e.callsHeld, 'tool call')} held for approval`,
      };
    }
    case 'key-lifecycle': {
      const of = (ev: string) => e.keys.filter((k) => k.event === ev).length;
      return { ok: e.keys.length > 0, detail: `${n(of('create'), 'key')} created, ${of('revoke')} revoked` };
    }
    case 'key-rotations':
      return { ok: e.rotations.length > 0, detail: `${n(e.rotations.length, 'key rotation')}${e.rotations.length ? ` (${[...new Set(e.rotations.map((r) => r.tenant))].join(', ')})` : ''}` };
    case 'kill-switch-events': {
      const of = (ev: string) => e.killSwitches.filter((k) => k.event === ev).length;
      return { ok: e.killSwitches.length > 0, detail: `${of('set')} switched on, ${of('clear')} cleared; ${n(e.killRefusals, 'request')} refused by a switch` };
    }
    case 'admin-actions': {
      const by = Object.entries(e.admin.byInterface).map(([k, v]) => `${k} ${v}`).join(', ');
      return { ok: e.admin.total > 0, detail: `${n(e.admin.total, 'operator call')}${by ? ` (${by})` : ''}, ${e.admin.refused} refused` };
    }
  }
}

/** What to do when required evidence is missing from the window. */
const EVIDENCE_REMEDY: Readonly<Record<EvidenceKind, string>> = {
  'audit-records': 'no audit records in the window: check the gateway writes to this store and the --from/--to dates',
  'chain-verified': 'the audit chain does not verify: run warden audit verify, investigate the listed records and restore the log from an export or backup',
  'phi-handled': 'no PHI redacted or blocked in the window: test the policy with warden scan on sample PHI',
  'pan-handled': 'no card number redacted or blocked in the window: test the policy with warden scan on a test PAN',
  'personal-data-handled': 'no personal data redacted or blocked in the window: test the policy with warden scan',
  'secrets-handled': 'no secret redacted or blocked in the window: test the policy with warden scan',
  'approval-decisions': 'no approval decided in the window: confirm approvers decide held calls (warden approvals list)',
  'key-lifecycle': 'no key created or revoked in the window: review keys (warden keys list) and revoke unused ones',
  'key-rotations': 'no key rotated in the window: create a replacement (warden keys create), move the application to it, then revoke the old key',
  'kill-switch-events': 'no kill switch used in the window: exercise the incident procedure (warden kill set / clear)',
  'admin-actions': 'no operator action recorded in the window: confirm operators work through the admin API, dashboard or CLI',
};

function judge(spec: ControlSpec, facts: ReadonlyMap<string, Fact>, e: Evidence): ControlResult {
  const configured = spec.facts.map((id) => facts.get(id) as Fact);
  const evidence: EvidenceCheck[] = spec.evidence.map(({ kind, required }) => ({ kind, required, ...check(kind, e) }));
  const gaps = [
    ...configured.filter((f) => !f.ok).map((f) => `${f.title}: ${f.remedy}`),
    ...evidence.filter((c) => c.required && !c.ok).map((c) => EVIDENCE_REMEDY[c.kind]),
  ];
  const failed = evidence.some((c) => c.kind === 'chain-verified' && !c.ok);
  const status: ControlStatus = failed ? 'failed' : configured.some((f) => !f.ok) ? 'not_configured' : evidence.some((c) => c.required && !c.ok) ? 'no_evidence' : 'met';
  return { id: spec.id, title: spec.title, requirement: spec.requirement, satisfiedBy: spec.satisfiedBy, status, configured, evidence, gaps };
}

export interface ReportInput {
  framework: FrameworkId;
  from: Date;
  to: Date;
  facts: Fact[];
  evidence: Evidence;
  policySources: readonly string[];
  /** Where the audit log was read: a path or a URL without its password. */
  store: string;
  now?: Date;
}

export function assess(input: ReportInput): ComplianceReport {
  const fw = FRAMEWORKS[input.framework];
  const facts = new Map(input.facts.map((f) => [f.id, f]));
  const controls = fw.controls.map((c) => judge(c, facts, input.evidence));
  const count = (s: ControlStatus) => controls.filter((c) => c.status === s).length;
  return {
    framework: { id: fw.id, name: fw.name, basis: fw.basis },
    window: { from: input.from.toISOString(), to: input.to.toISOString() },
    generatedAt: (input.now ?? new Date()).toISOString(),
    source: { policy: input.policySources, store: input.store },
    summary: { controls: controls.length, met: count('met'), no_evidence: count('no_evidence'), not_configured: count('not_configured'), failed: count('failed') },
    controls,
    configuration: input.facts,
    evidence: input.evidence,
  };
}
