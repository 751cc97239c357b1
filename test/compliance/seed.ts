/**
 * A seeded audit log for the report tests, written through the real audit store (the gateway's backend opener):
 * a blocked card number in an answer, PHI redacted on input, a held tool call and its approval (and a refused
 * self-approval), a key rotation,
 * a kill switch set and cleared with a request it refused, and one record outside the window.
 */
import { openGatewayServices } from '../../src/gateway/backends/index.js';
import { gatewaySectionSchema } from '../../src/gateway/config.js';
import { cliChangeEntry } from '../../src/gateway/admin-audit.js';
import type { AuditEntry } from '../../src/spec/gateway.js';
import type { Action, Finding, Stage } from '../../src/spec/types.js';

export const WINDOW = { from: '2026-01-01', to: '2026-01-31' };
/** A hostile approver name: must come out of the HTML as text. */
export const HOSTILE_APPROVER = 'dr <img src=x onerror="window.__pwned=1">alice';

const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 0, day, 9, minute));

function finding(ruleId: string, stage: Stage, action: Action, entityType: string): Finding {
  return { ruleId, detector: ruleId.split('/')[0] as string, stage, action, mode: 'enforce', score: 0.9, spans: [{ start: 0, end: 4 }], entityType, message: `${entityType} found`, evidence: ['****'], redactable: true };
}

function request(id: string, when: Date, over: Partial<AuditEntry>): AuditEntry {
  return {
    requestId: id,
    ts: when.toISOString(),
    route: '/v1/chat/completions',
    identity: { keyId: 'wk_acme1', tenant: 'acme', roles: [], authMethod: 'api-key' },
    model: 'gpt-4o-mini',
    upstream: 'openai',
    request: { messages: [{ role: 'user', content: 'hello' }] },
    inputFindings: [],
    outputFindings: [],
    action: 'allow',
    status: 200,
    output: 'answer',
    latency: { totalMs: 10 },
    streamed: false,
    ...over,
  };
}

export function seedEntries(): AuditEntry[] {
  return [
    // Before the window: the key later rotated was created here.
    cliChangeEntry('old-create', 'cli:keys create', { change: 'key.create', key: { id: 'wk_acme1', tenant: 'acme' } }, new Date(Date.UTC(2025, 11, 1))),
    request('req-pan', at(3), { outputFindings: [finding('pii/credit-card', 'output', 'block', 'CREDIT_CARD')], action: 'block', decidingRule: 'pii/credit-card', status: 400, output: null }),
    request('req-phi', at(4), { inputFindings: [finding('pii/us-ssn', 'input', 'redact', 'US_SSN'), finding('pii/person', 'input', 'redact', 'PERSON')], action: 'redact' }),
    request('req-held', at(5), {
      toolCalls: [{ tool: 'refund', callId: 'c1', action: 'require_approval', ruleId: 'tools/refund/large', reason: 'large refund', evidence: [], approvalId: 'apr_1', outcome: 'ok' }],
    }),
    cliChangeEntry('approve-1', 'cli:approvals approve', { change: 'approval.approve', approval: 'apr_1', approver: { name: HOSTILE_APPROVER, via: 'cli' }, reason: 'customer verified', tool: 'refund' }, at(5, 3)),
    // Refused by the store: the approver was the call's requester.
    cliChangeEntry('approve-2', 'cli:approvals approve', { change: 'approval.approve', approval: 'apr_2', approver: { name: 'mallory', via: 'cli' }, reason: 'mine', tool: 'refund', refused: 'self_approval' }, at(6)),
    cliChangeEntry('rot-create', 'cli:keys create', { change: 'key.create', key: { id: 'wk_acme2', tenant: 'acme' } }, at(10)),
    cliChangeEntry('rot-revoke', 'cli:keys revoke', { change: 'key.revoke', keyId: 'wk_acme1' }, at(10, 30)),
    cliChangeEntry('kill-set', 'cli:kill set', { change: 'kill.set', scope: 'tenant', id: 'globex', reason: 'suspected exfiltration' }, at(12)),
    request('req-killed', at(12, 5), { identity: { keyId: 'wk_globex', tenant: 'globex', roles: [], authMethod: 'api-key' }, action: 'error', status: 403, errorCode: 'caller_killed', output: null }),
    cliChangeEntry('kill-clear', 'cli:kill clear', { change: 'kill.clear', scope: 'tenant', id: 'globex' }, at(13)),
    // After the window: must not be counted.
    request('req-late', new Date(Date.UTC(2026, 1, 2)), { outputFindings: [finding('pii/credit-card', 'output', 'block', 'CREDIT_CARD')], action: 'block', status: 400, output: null }),
  ];
}

/** Appends the seed through the store the gateway opens for this data dir (SQLite, audit written by its worker). */
export async function seedAuditLog(dataDir: string): Promise<void> {
  const svc = await openGatewayServices(gatewaySectionSchema.parse({}), { dataDir });
  try {
    for (const e of seedEntries()) await svc.audit.append(e);
  } finally {
    await svc.close();
  }
}
