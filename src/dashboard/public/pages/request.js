// One request's full context: messages and answer with the findings' spans marked, the deciding rule, and replay.
import { api } from '../api.js';
import { html, useState } from '../html.js';
import { Highlighted, Inert } from '../text.js';
import { Badge, ErrorLine, Time, useLoad } from './common.js';

export function FindingsTable({ findings, caption }) {
  if (findings.length === 0) return null;
  return html`<table class="findings">
    <caption>${caption}</caption>
    <thead><tr><th scope="col">Rule</th><th scope="col">Action</th><th scope="col">Mode</th><th scope="col">Score</th><th scope="col">Where</th><th scope="col">Message</th></tr></thead>
    <tbody>${findings.map(
      (f) => html`<tr>
        <td><code>${f.ruleId}</code></td><td><${Badge} action=${f.action} /></td><td>${f.mode}</td><td>${Number(f.score).toFixed(2)}</td>
        <td>${f.messageIndex !== undefined ? `message ${f.messageIndex}` : f.stage}${f.via ? ` via ${f.via}` : ''} ${f.spans.map((s) => `[${s.start}, ${s.end})`).join(' ')}</td>
        <td><${Inert} text=${f.message} /></td>
      </tr>`,
    )}</tbody>
  </table>`;
}

function Replay({ id }) {
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const run = () => api('GET', `/records/${encodeURIComponent(id)}/replay`).then(setReport, (e) => setError(e.message));
  const list = (items) => (items.length === 0 ? 'none' : items.map((f) => `${f.stage} ${f.ruleId} (${f.action})`).join(', '));
  return html`<section aria-labelledby="replay-h">
    <h3 id="replay-h">Replay against the policy in force</h3>
    <button type="button" onClick=${run}>Replay</button>
    <${ErrorLine} error=${error} />
    ${report &&
    html`<dl class="replay" aria-live="polite">
      <dt>Recorded decision</dt><dd><${Badge} action=${report.then.action} /> ${report.then.decidingRule ?? ''} (${report.then.findings} findings)</dd>
      <dt>Current policy</dt><dd><${Badge} action=${report.now.action} /> ${report.now.decidingRule ?? ''} (${report.now.findings} findings)</dd>
      <dt>Changed</dt><dd class=${report.changed ? 'changed' : ''}>${report.changed ? 'yes' : 'no'}</dd>
      <dt>Findings added</dt><dd>${list(report.added)}</dd>
      <dt>Findings removed</dt><dd>${list(report.removed)}</dd>
      ${report.redacted.length > 0 && html`<dt>Not re-checkable (redacted at rest)</dt><dd>${list(report.redacted)}</dd>`}
    </dl>`}
  </section>`;
}

export function RequestPage({ arg }) {
  const [rec, error] = useLoad(() => api('GET', `/records/${encodeURIComponent(arg)}`), [arg]);
  if (error) return html`<${ErrorLine} error=${error} />`;
  if (!rec) return html`<p>Loading…</p>`;
  const input = rec.inputFindings;
  const spansOf = (i) => input.filter((f) => f.messageIndex === i).flatMap((f) => f.spans);
  return html`<article aria-labelledby="req-h">
    <h2 id="req-h">Request <code>${rec.requestId}</code></h2>
    <dl class="meta">
      <dt>Time</dt><dd><${Time} ts=${rec.ts} /></dd>
      <dt>Decision</dt><dd><${Badge} action=${rec.action} /> status ${rec.status}${rec.errorCode ? ` (${rec.errorCode})` : ''}</dd>
      <dt>Deciding rule</dt><dd>${rec.decidingRule ? html`<code class="deciding">${rec.decidingRule}</code>` : 'none'}</dd>
      <dt>Tenant / key</dt><dd>${rec.identity ? `${rec.identity.tenant} / ${rec.identity.keyId}` : 'unauthenticated'}</dd>
      <dt>Route / model</dt><dd>${rec.route} · ${rec.model ?? 'none'} → ${rec.upstream ?? 'none'}</dd>
      <dt>Latency</dt><dd>${Object.entries(rec.latency).map(([k, v]) => `${k.replace(/Ms$/, '')} ${Math.round(v * 10) / 10} ms`).join(' · ')}</dd>
    </dl>
    ${rec.redactedAtRest && html`<p class="note">Stored with PII and secrets redacted at rest: marked positions after a replacement may be shifted.</p>`}
    <h3>Messages</h3>
    ${rec.request.messages.map(
      (m, i) => html`<section class="message">
        <h4>${i}. ${m.role}${m.path ? html` <small>(${m.path})</small>` : ''}</h4>
        <${Highlighted} text=${String(m.content)} spans=${spansOf(i)} label=${`message ${i}`} />
      </section>`,
    )}
    <${FindingsTable} findings=${input} caption="Input findings" />
    <h3>Answer</h3>
    ${rec.output === null ? html`<p>No answer (${rec.action === 'block' ? 'blocked' : 'none recorded'}).</p>` : html`<${Highlighted} text=${rec.output} spans=${rec.outputFindings.flatMap((f) => f.spans)} label="answer" />`}
    <${FindingsTable} findings=${rec.outputFindings} caption="Output findings" />
    ${rec.toolCalls && rec.toolCalls.length > 0 &&
    html`<h3>Tool calls</h3><ul>${rec.toolCalls.map((t) => html`<li><code>${t.tool}</code> ${t.action} by <code>${t.ruleId}</code>: <${Inert} text=${t.reason} /></li>`)}</ul>`}
    <${Replay} id=${rec.requestId} />
  </article>`;
}
