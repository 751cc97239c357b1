// Live feed: request records as they are stored (server-sent events), newest first, at most MAX_ROWS kept.
import { api, query } from '../api.js';
import { html, useEffect, useState } from '../html.js';
import { ACTIONS, Badge, ErrorLine, Field, Time } from './common.js';
import { Inert } from '../text.js';

const MAX_ROWS = 200;

export function Feed({ operator }) {
  const [draft, setDraft] = useState({ tenant: '', key: '', rule: '', action: '' });
  const [filter, setFilter] = useState(draft);
  const [rows, setRows] = useState([]);
  const [sampling, setSampling] = useState(null);
  const [status, setStatus] = useState('connecting');
  const [error, setError] = useState(null);

  useEffect(() => {
    let live = true;
    setRows([]);
    setSampling(null);
    api('GET', '/records' + query({ ...filter, limit: 50 }))
      .then((r) => live && setRows((now) => [...now, ...r.records.filter((x) => !now.some((y) => y.requestId === x.requestId))].slice(0, MAX_ROWS)))
      .catch((e) => live && setError(e.message));
    const es = new EventSource('/dashboard/api/feed' + query(filter));
    es.addEventListener('ready', () => setStatus('live'));
    es.addEventListener('request', (ev) => {
      const s = JSON.parse(ev.data);
      setRows((now) => [s, ...now.filter((y) => y.requestId !== s.requestId)].slice(0, MAX_ROWS));
    });
    es.addEventListener('sampling', (ev) => setSampling({ ...JSON.parse(ev.data), at: Date.now() }));
    es.onerror = () => setStatus('reconnecting');
    return () => {
      live = false;
      es.close();
    };
  }, [filter]);

  const apply = (e) => {
    e.preventDefault();
    setFilter(draft);
  };
  const set = (k) => (v) => setDraft({ ...draft, [k]: v });
  const recentSampling = sampling && Date.now() - sampling.at < 5000;
  return html`<section aria-labelledby="feed-h">
    <h2 id="feed-h">Live feed <span class=${'status ' + status}>${status}</span></h2>
    <form class="filters" onSubmit=${apply} aria-label="Feed filters">
      ${operator.tenant === null ? html`<${Field} label="Tenant" id="f-tenant" value=${draft.tenant} onInput=${set('tenant')} />` : null}
      <${Field} label="Key id" id="f-key" value=${draft.key} onInput=${set('key')} />
      <${Field} label="Rule" id="f-rule" value=${draft.rule} onInput=${set('rule')} placeholder="prompt-injection/instruction-override" />
      <span class="field"><label for="f-action">Action</label>
        <select id="f-action" value=${draft.action} onChange=${(e) => set('action')(e.currentTarget.value)}>
          <option value="">any</option>
          ${ACTIONS.map((a) => html`<option value=${a}>${a}</option>`)}
        </select></span>
      <button type="submit">Apply</button>
    </form>
    <p class="note" aria-live="polite">
      ${recentSampling
        ? html`<strong class="sampling">Sampling: showed ${sampling.shown} of ${sampling.seen} requests in the last ${Math.round(sampling.windowMs / 100) / 10} s${sampling.dropped ? html`, ${sampling.dropped} dropped (browser too slow)` : ''}.</strong>`
        : html`Showing every matching request (sampling starts above the configured rate).`}${' '}
      The newest ${MAX_ROWS} are kept.
    </p>
    <${ErrorLine} error=${error} />
    <table class="records">
      <caption class="sr-only">Requests, newest first</caption>
      <thead><tr><th scope="col">Time</th><th scope="col">Tenant</th><th scope="col">Key</th><th scope="col">Model</th><th scope="col">Action</th><th scope="col">Rule</th><th scope="col">Text</th></tr></thead>
      <tbody>
        ${rows.map(
          (r) => html`<tr key=${r.requestId} class=${'row ' + r.action}>
            <td><a href=${'#/request/' + encodeURIComponent(r.requestId)}><${Time} ts=${r.ts} /></a></td>
            <td>${r.tenant}</td><td>${r.keyId}</td><td>${r.model}</td>
            <td><${Badge} action=${r.action} /></td>
            <td>${r.decidingRule ?? r.errorCode ?? ''}</td>
            <td class="preview"><${Inert} text=${r.preview} /></td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${rows.length === 0 && html`<p>No requests yet. Send one to <code>/v1/chat/completions</code>.</p>`}
  </section>`;
}
