// Pending tool calls waiting for a human: arguments, requester, reason; approve or deny with a reason.
import { api } from '../api.js';
import { html, useEffect, useState } from '../html.js';
import { ErrorLine, Time, useLoad } from './common.js';
import { Inert } from '../text.js';

/** Arguments are stored as canonical JSON text; shown indented when they parse. */
function prettyArgs(args) {
  try {
    return JSON.stringify(typeof args === 'string' ? JSON.parse(args) : args, null, 2);
  } catch {
    return String(args);
  }
}

function Decide({ rec, onDone }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const decide = async (verb) => {
    setError(null);
    if (reason.trim() === '') return setError('Give a reason for the decision.');
    try {
      await api('POST', `/approvals/${encodeURIComponent(rec.id)}/${verb}`, { reason });
      onDone();
    } catch (e) {
      setError(e.message);
    }
  };
  const id = `reason-${rec.id}`;
  return html`<div class="decide">
    <label for=${id}>Reason</label>
    <input id=${id} value=${reason} onInput=${(e) => setReason(e.currentTarget.value)} />
    <button type="button" class="approve" onClick=${() => decide('approve')}>Approve</button>
    <button type="button" class="deny" onClick=${() => decide('deny')}>Deny</button>
    <${ErrorLine} error=${error} />
  </div>`;
}

export function Approvals() {
  const [data, error, reload] = useLoad(() => api('GET', '/approvals?status=pending'), []);
  // Waiting callers may be anywhere: refresh every 2 s so new requests show up without a click.
  useEffect(() => {
    const t = setInterval(reload, 2000);
    return () => clearInterval(t);
  });
  return html`<section aria-labelledby="appr-h">
    <h2 id="appr-h">Approvals queue</h2>
    <${ErrorLine} error=${error} />
    ${data && data.approvals.length === 0 && html`<p>No tool call is waiting for approval.</p>`}
    ${data &&
    data.approvals.map(
      (a) => html`<article class="approval" key=${a.id} aria-label=${'Approval ' + a.id}>
        <h3><code>${a.tool}</code> <small>${a.id}</small></h3>
        <dl class="meta">
          <dt>Tenant</dt><dd>${a.tenant}</dd>
          <dt>Requester</dt><dd>${a.requester.keyId}${a.requester.userId ? ` (user ${a.requester.userId})` : ''}</dd>
          <dt>Reason</dt><dd><${Inert} text=${a.reason} /></dd>
          <dt>Rule</dt><dd>${a.ruleId ?? ''}</dd>
          <dt>Asked</dt><dd><${Time} ts=${a.createdAt} />, expires <${Time} ts=${a.expiresAt} /></dd>
        </dl>
        <pre class="text args" aria-label="Arguments"><${Inert} text=${prettyArgs(a.args)} /></pre>
        <${Decide} rec=${a} onDone=${reload} />
      </article>`,
    )}
  </section>`;
}
