// Virtual keys: list, create (the secret is shown once, here), revoke.
import { api, query } from '../api.js';
import { html, useState } from '../html.js';
import { ErrorLine, Field, Time, useLoad } from './common.js';

export function Keys({ operator }) {
  const [data, error, reload] = useLoad(() => api('GET', '/keys' + query({})), []);
  const [form, setForm] = useState({ tenant: '', name: '', models: '' });
  const [created, setCreated] = useState(null);
  const [msg, setMsg] = useState(null);
  const create = async (e) => {
    e.preventDefault();
    setMsg(null);
    const models = form.models.split(',').map((s) => s.trim()).filter(Boolean);
    try {
      const body = { ...(operator.tenant === null ? { tenant: form.tenant } : {}), ...(form.name ? { name: form.name } : {}), ...(models.length ? { models } : {}) };
      setCreated(await api('POST', '/keys', body));
      reload();
    } catch (err) {
      setMsg(err.message);
    }
  };
  const revoke = async (k) => {
    setMsg(null);
    if (!confirm(`Revoke key ${k.id}? Clients using it are refused at once.`)) return;
    await api('DELETE', `/keys/${encodeURIComponent(k.id)}`).then(reload, (err) => setMsg(err.message));
  };
  return html`<section aria-labelledby="keys-h">
    <h2 id="keys-h">Keys</h2>
    <form class="inline" onSubmit=${create} aria-label="Create a key">
      ${operator.tenant === null && html`<${Field} label="Tenant" id="key-tenant" required value=${form.tenant} onInput=${(v) => setForm({ ...form, tenant: v })} />`}
      <${Field} label="Name" id="key-name" value=${form.name} onInput=${(v) => setForm({ ...form, name: v })} />
      <${Field} label="Models (comma-separated, empty: all)" id="key-models" value=${form.models} onInput=${(v) => setForm({ ...form, models: v })} />
      <button type="submit">Create key</button>
    </form>
    ${created &&
    html`<div class="secret" role="status">
      <p><strong>Copy this key now: it is shown only once.</strong></p>
      <p><code class="key-secret">${created.key}</code></p>
      <button type="button" onClick=${() => setCreated(null)}>I have copied it</button>
    </div>`}
    <${ErrorLine} error=${msg || error} />
    ${data &&
    html`<table>
      <caption class="sr-only">Keys</caption>
      <thead><tr><th scope="col">Id</th><th scope="col">Tenant</th><th scope="col">Name</th><th scope="col">Models</th><th scope="col">Created</th><th scope="col">State</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>${data.keys.map(
        (k) => html`<tr><td><code>${k.id}</code></td><td>${k.tenant}</td><td>${k.name ?? ''}</td><td>${(k.models || []).join(', ')}</td><td><${Time} ts=${k.createdAt} /></td>
          <td>${k.revokedAt ? 'revoked' : 'active'}</td>
          <td>${!k.revokedAt && html`<button type="button" onClick=${() => revoke(k)} aria-label=${'Revoke ' + k.id}>Revoke</button>`}</td></tr>`,
      )}</tbody>
    </table>`}
  </section>`;
}
