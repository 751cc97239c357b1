/**
 * The report as one self-contained HTML page: inline CSS, no script, no external resource (the CSP forbids any),
 * every value from the log or the config escaped. Printed to PDF by pdf.ts.
 */
import { chainSummary } from './assess.js';
import type { ComplianceReport, ControlResult, ControlStatus, Evidence, Fact } from './types.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(v: unknown): string {
  return String(v).replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const e = escapeHtml;

const STATUS_LABEL: Readonly<Record<ControlStatus, string>> = { met: 'met', no_evidence: 'no evidence', not_configured: 'not configured', failed: 'failed' };

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:2px solid #d0d7de;padding-bottom:.2rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem}.meta{color:#57606a}table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#f6f8fa}
.status{display:inline-block;border-radius:3px;padding:0 .4rem;font-weight:600;white-space:nowrap}
.s-met{background:#dafbe1;color:#116329}.s-no_evidence{background:#fff8c5;color:#7d4e00}.s-not_configured{background:#ffebe9;color:#a40e26}
.s-failed{background:#a40e26;color:#fff}.ok{color:#116329}.bad{color:#a40e26}ul{margin:.2rem 0;padding-left:1.2rem}
.cards{display:flex;gap:.8rem;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .9rem;min-width:8rem}
.card b{display:block;font-size:1.4rem}.chain-failed{border:2px solid #a40e26;background:#ffebe9;padding:.6rem;border-radius:6px}
.chain-ok{border:2px solid #116329;background:#dafbe1;padding:.6rem;border-radius:6px}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
`;

const status = (s: ControlStatus) => `<span class="status s-${s}">${e(STATUS_LABEL[s])}</span>`;
const mark = (ok: boolean) => (ok ? '<span class="ok">✔</span>' : '<span class="bad">✘</span>');

function table(headers: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return `<p class="meta">${e(empty)}</p>`;
  return `<table><thead><tr>${headers.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function summary(r: ComplianceReport): string {
  const card = (label: string, n: number, cls = '') => `<div class="card ${cls}"><b>${n}</b>${e(label)}</div>`;
  const s = r.summary;
  return `<section id="summary"><h2>Summary</h2><div class="cards">${card('controls', s.controls)}${card('met', s.met, 's-met')}${card('no evidence', s.no_evidence, 's-no_evidence')}${card('not configured', s.not_configured, 's-not_configured')}${card('failed', s.failed, 's-failed')}</div>
<p>Audit chain: <span class="${r.evidence.chain.ok ? 'ok' : 'bad'}">${e(chainSummary(r.evidence.chain))}</span></p></section>`;
}

/** `164.312(c)(1)` -> `164-312-c-1`: a fragment id an auditor can link to. */
const anchor = (id: string) => id.split(/[^A-Za-z0-9]+/).filter((p) => p !== '').join('-');

function control(c: ControlResult): string {
  const facts = c.configured.map((f) => `<li>${mark(f.ok)} ${e(f.title)}: ${e(f.detail)}</li>`).join('');
  const evidence = c.evidence.map((x) => `<li>${mark(x.ok)} ${e(x.detail)}${x.required ? '' : ' <span class="meta">(supporting)</span>'}</li>`).join('');
  return `<tr id="control-${anchor(c.id)}"><td><b>${e(c.id)}</b><br>${e(c.title)}</td><td>${e(c.requirement)}<br><span class="meta">${e(c.satisfiedBy)}</span></td><td>${status(c.status)}</td>
<td>${facts ? `<ul>${facts}</ul>` : '<span class="meta">nothing to configure</span>'}</td><td>${evidence ? `<ul>${evidence}</ul>` : '<span class="meta">none needed</span>'}</td></tr>`;
}

function controls(r: ComplianceReport): string {
  return `<section id="controls"><h2>Controls</h2><table><thead><tr><th>Control</th><th>Requirement / satisfied by</th><th>Status</th><th>Configured</th><th>Evidence in the window</th></tr></thead><tbody>${r.controls.map(control).join('')}</tbody></table></section>`;
}

function gaps(r: ComplianceReport): string {
  const rows = r.controls.filter((c) => c.gaps.length > 0).map((c) => [`<b>${e(c.id)}</b> ${e(c.title)}`, status(c.status), `<ul>${c.gaps.map((g) => `<li>${e(g)}</li>`).join('')}</ul>`]);
  return `<section id="gaps"><h2>Gaps and what to change</h2>${table(['Control', 'Status', 'What to change'], rows, 'No gaps: every control is configured and evidenced in the window.')}</section>`;
}

function configuration(facts: readonly Fact[]): string {
  const rows = facts.map((f) => [mark(f.ok), e(f.title), e(f.detail), f.ok ? '' : e(f.remedy)]);
  return `<section id="configuration"><h2>Configuration</h2>${table(['', 'Control measure', 'Found', 'To change'], rows, '')}</section>`;
}

function evidence(ev: Evidence): string {
  const cat = (name: string, c: Evidence['phi']) => [e(name), String(c.redacted), String(c.blocked), String(c.outbound)];
  return `<section id="evidence"><h2>Evidence from the audit log</h2>
<p>${ev.records} records in the window: ${ev.requests} model requests (${ev.requestsBlocked} blocked), ${ev.admin.total} operator calls (${ev.admin.refused} refused).</p>
<h3>Data protection</h3>${table(['Category', 'Redacted', 'Blocked', 'In answers or tool calls'], [cat('PHI', ev.phi), cat('Card numbers (PAN)', ev.pan), cat('Personal data (all pii rules)', ev.personalData), cat('Secrets', ev.secrets)], '')}
<h3 id="findings-by-rule">Enforced findings by rule</h3>${table(['Rule', 'Stage', 'Action', 'Count'], ev.findings.map((f) => [e(f.ruleId), e(f.stage), e(f.action), String(f.count)]), 'No finding was redacted or blocked in the window.')}
<h3 id="approvals">Approvals</h3><p>${ev.callsHeld} tool calls held for approval.</p>${table(['When', 'Approval', 'Decision', 'Approver', 'Via', 'Tool', 'Reason'], ev.approvals.map((a) => [e(a.ts), e(a.approval), e(a.refused ? `${a.decision} (refused: ${a.refused})` : a.decision), e(a.approver), e(a.via), e(a.tool ?? ''), e(a.reason ?? '')]), 'No approval decided in the window.')}
<h3 id="keys">Key management</h3>${table(['When', 'Event', 'Key', 'Tenant', 'Via'], ev.keys.map((k) => [e(k.ts), e(k.event), e(k.keyId), e(k.tenant ?? ''), e(k.via)]), 'No key created or revoked in the window.')}
<h4>Rotations</h4>${table(['Tenant', 'Old key', 'New key', 'Created', 'Old key revoked'], ev.rotations.map((r) => [e(r.tenant), e(r.oldKey), e(r.newKey), e(r.createdAt), e(r.revokedAt)]), 'No key rotation in the window.')}
<h3 id="kill-switches">Kill switches</h3><p>${ev.killRefusals} requests refused by a kill switch.</p>${table(['When', 'Event', 'Scope', 'Id', 'Reason', 'Via'], ev.killSwitches.map((k) => [e(k.ts), e(k.event), e(k.scope), e(k.id), e(k.reason ?? ''), e(k.via)]), 'No kill switch set or cleared in the window.')}
<h3 id="admin">Operator actions</h3>${table(['Interface', 'Calls'], Object.entries(ev.admin.byInterface).map(([k, v]) => [e(k), String(v)]), 'No operator call in the window.')}
</section>`;
}

function chain(ev: Evidence): string {
  const c = ev.chain;
  const w = c.witness;
  const witness = w === undefined ? '' : `<p>Checkpoints: ${w.checkpoints} in ${e(w.checkpointFile ?? 'the checkpoint file')}${w.failures.length ? `; failures: ${w.failures.map((f) => e(f.problem ?? f.source)).join('; ')}` : ''}.</p>`;
  return `<section id="chain"><h2>Audit chain verification</h2><div class="${c.ok ? 'chain-ok' : 'chain-failed'}"><b>${e(chainSummary(c))}</b></div>
<p class="meta">Verified over the whole log, not only the window: a break anywhere puts every figure above in doubt.</p>${witness}</section>`;
}

export function renderHtml(r: ComplianceReport): string {
  const title = `${r.framework.name} compliance report, ${r.window.from.slice(0, 10)} to ${r.window.to.slice(0, 10)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${CSS}</style></head>
<body><header><h1>${e(title)}</h1>
<p class="meta">Warden compliance report · ${e(r.framework.basis)} · generated ${e(r.generatedAt)}<br>
Window ${e(r.window.from)} to ${e(r.window.to)} · policy ${e(r.source.policy.join(' + '))} · audit store ${e(r.source.store)}</p>
<p class="meta">What Warden can evidence for each control; it is input to an assessment, not a certification.</p></header>
${summary(r)}${controls(r)}${gaps(r)}${configuration(r.configuration)}${evidence(r.evidence)}${chain(r.evidence)}
</body></html>
`;
}
