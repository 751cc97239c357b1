/** Evidence from the audit log over a window: enforced findings by rule, approvals, key and kill-switch events, admin calls. */
import type { AuditRecord, AuditVerifyReport } from '../spec/gateway.js';
import type { Finding } from '../spec/types.js';
import { PHI_ENTITIES, piiRule } from './facts.js';
import type { ApprovalDecision, CategoryCount, Evidence, KeyEvent, KeyRotation, KillSwitchEvent, RuleCount } from './types.js';

/** PHI rules: the Safe Harbor identifiers plus the hipaa preset's custom MRN and DATE entities and the other tagger/pattern ids it enables. */
const PHI_RULES: ReadonlySet<string> = new Set([...PHI_ENTITIES, 'LOCATION', 'US_DRIVER_LICENSE', 'MRN', 'DATE'].map(piiRule));
const PAN_RULE = piiRule('CREDIT_CARD');
/** Stages whose findings are on their way out of the model. */
const OUTBOUND: ReadonlySet<string> = new Set(['output', 'tool_call']);
const KILL_REFUSALS: ReadonlySet<string> = new Set(['caller_killed', 'kill_switch_active']);

export interface Window {
  from: Date;
  to: Date;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** How the change came in: the admin record's `request.params.operator` (admin-api, cli, dashboard, ...). */
const viaOf = (rec: AuditRecord): string => str(rec.request.params?.['operator']) ?? rec.admin?.caller ?? 'unknown';

function emptyCategory(): CategoryCount {
  return { blocked: 0, redacted: 0, outbound: 0 };
}

class Collector {
  records = 0;
  requests = 0;
  requestsBlocked = 0;
  private readonly rules = new Map<string, RuleCount>();
  readonly phi = emptyCategory();
  readonly pan = emptyCategory();
  readonly personalData = emptyCategory();
  readonly secrets = emptyCategory();
  readonly approvals: ApprovalDecision[] = [];
  callsHeld = 0;
  readonly keys: KeyEvent[] = [];
  readonly killSwitches: KillSwitchEvent[] = [];
  killRefusals = 0;
  readonly admin = { total: 0, refused: 0, byInterface: {} as Record<string, number> };

  /** Key id -> tenant, from every key.create in the log (before the window too), to pair rotations. */
  readonly tenantOfKey = new Map<string, string>();

  learn(rec: AuditRecord): void {
    const p = rec.request.params;
    if (rec.admin === undefined || p?.['change'] !== 'key.create') return;
    const key = obj(p['key']);
    const id = str(key['id']);
    const tenant = str(key['tenant']);
    if (id !== undefined && tenant !== undefined) this.tenantOfKey.set(id, tenant);
  }

  add(rec: AuditRecord): void {
    this.records++;
    if (rec.admin !== undefined) return this.addAdmin(rec);
    this.requests++;
    if (rec.action === 'block') this.requestsBlocked++;
    if (rec.errorCode !== undefined && KILL_REFUSALS.has(rec.errorCode)) this.killRefusals++;
    for (const f of [...rec.inputFindings, ...rec.outputFindings]) this.addFinding(f);
    this.callsHeld += (rec.toolCalls ?? []).filter((c) => c.action === 'require_approval').length;
  }

  private addFinding(f: Finding): void {
    if (f.mode !== 'enforce' || (f.action !== 'block' && f.action !== 'redact')) return;
    const key = `${f.ruleId}\u0000${f.stage}\u0000${f.action}`;
    const row = this.rules.get(key) ?? { ruleId: f.ruleId, stage: f.stage, action: f.action, count: 0 };
    row.count++;
    this.rules.set(key, row);
    const categories: CategoryCount[] = [];
    if (f.ruleId.startsWith('pii/')) categories.push(this.personalData);
    if (PHI_RULES.has(f.ruleId)) categories.push(this.phi);
    if (f.ruleId === PAN_RULE) categories.push(this.pan);
    if (f.ruleId.startsWith('secrets/')) categories.push(this.secrets);
    for (const c of categories) {
      if (f.action === 'block') c.blocked++;
      else c.redacted++;
      if (OUTBOUND.has(f.stage)) c.outbound++;
    }
  }

  private addAdmin(rec: AuditRecord): void {
    const via = viaOf(rec);
    this.admin.total++;
    if (rec.status >= 400) this.admin.refused++;
    this.admin.byInterface[via] = (this.admin.byInterface[via] ?? 0) + 1;
    if (rec.status >= 400) return;
    const p = rec.request.params ?? {};
    const change = str(p['change']);
    const base = { ts: rec.ts, requestId: rec.requestId, via };
    if (change === 'approval.approve' || change === 'approval.deny') {
      const approver = obj(p['approver']);
      this.approvals.push({
        ...base,
        approval: str(p['approval']) ?? '?',
        decision: change === 'approval.approve' ? 'approve' : 'deny',
        approver: str(approver['name']) ?? '?',
        via: str(approver['via']) ?? via,
        tool: str(p['tool']),
        reason: str(p['reason']),
        refused: str(p['refused']),
      });
    } else if (change === 'key.create') {
      const key = obj(p['key']);
      this.keys.push({ ...base, event: 'create', keyId: str(key['id']) ?? '?', tenant: str(key['tenant']) });
    } else if (change === 'key.revoke') {
      const keyId = str(p['keyId']) ?? '?';
      this.keys.push({ ...base, event: 'revoke', keyId, tenant: this.tenantOfKey.get(keyId) });
    } else if (change === 'kill.set' || change === 'kill.clear') {
      this.killSwitches.push({ ...base, event: change === 'kill.set' ? 'set' : 'clear', scope: str(p['scope']) ?? '?', id: str(p['id']) ?? '?', reason: str(p['reason']) });
    }
  }

  /**
   * A rotation is a key revoked after a replacement for the same tenant was created in the window (create, then
   * revoke: the order that keeps the tenant served). Each creation replaces at most one key.
   */
  rotations(): KeyRotation[] {
    const out: KeyRotation[] = [];
    const used = new Set<KeyEvent>();
    for (const revoke of this.keys.filter((k) => k.event === 'revoke' && k.tenant !== undefined)) {
      const replacement = this.keys
        .filter((k) => k.event === 'create' && !used.has(k) && k.tenant === revoke.tenant && k.keyId !== revoke.keyId && k.ts <= revoke.ts)
        .at(-1);
      if (replacement === undefined) continue;
      used.add(replacement);
      out.push({ tenant: revoke.tenant as string, oldKey: revoke.keyId, newKey: replacement.keyId, createdAt: replacement.ts, revokedAt: revoke.ts });
    }
    return out;
  }

  result(chain: AuditVerifyReport): Evidence {
    const findings = [...this.rules.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId) || a.stage.localeCompare(b.stage));
    const { records, requests, requestsBlocked, phi, pan, personalData, secrets, approvals, callsHeld, keys, killSwitches, killRefusals, admin } = this;
    return { records, requests, requestsBlocked, findings, phi, pan, personalData, secrets, approvals, callsHeld, keys, rotations: this.rotations(), killSwitches, killRefusals, admin, chain };
  }
}

/** Reads every record once (in sequence order), counting those whose timestamp falls in [from, to]. */
export async function collectEvidence(records: AsyncIterable<AuditRecord>, window: Window, chain: AuditVerifyReport): Promise<Evidence> {
  const c = new Collector();
  const from = window.from.getTime();
  const to = window.to.getTime();
  for await (const rec of records) {
    c.learn(rec);
    const t = Date.parse(rec.ts);
    if (t >= from && t <= to) c.add(rec);
  }
  return c.result(chain);
}
