// Kill switches: set (scope, id, reason) and clear. Tenant operators may switch off their tenant and its keys only.
import { api } from '../api.js';
import { html, useState } from '../html.js';
import { ErrorLine, Time, useLoad } from './common.js';

const SCOPES = ['global', 'tenant', 'key', 'model', 'tool'];

export function KillSwitches({ operator }) {
  const [data, error, reload] = useLoad(() => api('GET', '/kill-switches'), []);
  const scopes = operator.tenant === null ? SCOPES : ['tenant', 'key'];
  const [form, setForm] = useState({ scope: scopes[0], id: operator.tenant ?? '', reason: '' });
  const [msg, setMsg] = useState(null);
  const set = async (e) => {
    e.preventDefault();
    setMsg(null);
    try {
      await api('PUT', '/kill-switches', { scope: form.scope, ...(form.scope === 'global' ? {} : { id: form.id }), ...(form.reason ? { reason: form.reason } : {}) });
      reload();
    } catch (err) {
      setMsg(err.message);
    }
  };
  const clear = async (sw) => {
    setMsg(null);
    try {
      await api('POST', '/kill-switches/clear', { scope: sw.scope, ...(sw.scope === 'global' ? {} : { id: sw.id }) });
      reload();
    } catch (err) {
      setMsg(err.message);
    }
  };
  return html`<section aria-labelledby="kill-h">
    <h2 id="kill-h">Kill switches</h2>
    <form class="inline" onSubmit=${set} aria-label="Set a kill switch">
      <span class="field"><label for="k-scope">Scope</label>
        <select id="k-scope" value=${form.scope} onChange=${(e) => setForm({ ...form, scope: e.currentTarget.value })}>
          ${scopes.map((s) => html`<option value=${s}>${s}</option>`)}
        </select></span>
      ${form.scope !== 'global' && html`<span class="field"><label for="k-id">${form.scope} id</label><input id="k-id" required value=${form.id} onInput=${(e) => setForm({ ...form, id: e.currentTarget.value })} /></span>`}
      <span class="field"><label for="k-reason">Reason</label><input id="k-reason" value=${form.reason} onInput=${(e) => setForm({ ...form, reason: e.currentTarget.value })} /></span>
      <button type="submit" class="deny">Switch off</button>
    </form>
    <${ErrorLine} error=${msg || error} />
    ${data && data.switches.length === 0 && html`<p>No kill switch is set.</p>`}
    ${data && data.switches.length > 0 &&
    html`<table>
      <caption class="sr-only">Kill switches set</caption>
      <thead><tr><th scope="col">Scope</th><th scope="col">Id</th><th scope="col">Reason</th><th scope="col">Since</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>${data.switches.map(
        (sw) => html`<tr><td>${sw.scope}</td><td><code>${sw.id}</code></td><td>${sw.reason ?? ''}</td><td><${Time} ts=${sw.createdAt} /></td>
          <td><button type="button" onClick=${() => clear(sw)} aria-label=${`Clear ${sw.scope} ${sw.id}`}>Clear</button></td></tr>`,
      )}</tbody>
    </table>`}
  </section>`;
}
