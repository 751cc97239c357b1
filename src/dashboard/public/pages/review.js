// The review queue: requests a monitor-mode rule or a low-confidence verdict put here, and users' reports. A reviewer
// opens one to see its messages, answer and findings, and labels it (correct block, false positive, missed attack).
import { api, query } from '../api.js';
import { html, useState } from '../html.js';
import { Inert } from '../text.js';
import { Badge, ErrorLine, Time, useLoad } from './common.js';
import { FindingsTable } from './request.js';

const LABELS = [
  ['correct_block', 'Correct block'],
  ['false_positive', 'False positive'],
  ['missed_attack', 'Missed attack'],
];
const CATEGORIES = ['', 'direct_injection', 'jailbreak', 'indirect_injection', 'harmful_request', 'benign', 'benign_hard'];

function Decide({ item, onDone }) {
  const [label, setLabel] = useState(item.label ?? 'correct_block');
  const [note, setNote] = useState(item.note ?? '');
  const [category, setCategory] = useState(item.category ?? '');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    if (label === 'missed_attack' && note.trim() === '') return setError('Say what the missed attack was in the note.');
    const body = { label, ...(note.trim() === '' ? {} : { note: note.trim() }), ...(category === '' ? {} : { category }) };
    try {
      await api('POST', `/review/${encodeURIComponent(item.id)}/decision`, body);
      onDone();
    } catch (err) {
      setError(err.message);
    }
  };
  const id = (k) => `${k}-${item.id}`;
  return html`<form class="decide" onSubmit=${submit} aria-label=${'Decision on ' + item.id}>
    <fieldset>
      <legend>Verdict</legend>
      ${LABELS.map(
        ([value, text]) => html`<label><input type="radio" name=${id('label')} value=${value} checked=${label === value} onChange=${() => setLabel(value)} /> ${text}</label>`,
      )}
    </fieldset>
    <label for=${id('note')}>Note</label>
    <input id=${id('note')} value=${note} maxlength="2000" onInput=${(e) => setNote(e.currentTarget.value)} />
    <label for=${id('category')}>Category for the export</label>
    <select id=${id('category')} value=${category} onChange=${(e) => setCategory(e.currentTarget.value)}>
      ${CATEGORIES.map((c) => html`<option value=${c}>${c === '' ? '(from the findings)' : c}</option>`)}
    </select>
    <button type="submit">Save decision</button>
    <${ErrorLine} error=${error} />
  </form>`;
}

function Context({ item }) {
  const [detail, error] = useLoad(() => api('GET', `/review/${encodeURIComponent(item.id)}`), [item.id]);
  if (error) return html`<${ErrorLine} error=${error} />`;
  if (!detail) return html`<p>Loading…</p>`;
  const rec = detail.request;
  if (rec === null) return html`<p class="note">The request's audit record is gone (audit retention pruned it).</p>`;
  return html`<div class="review-context">
    <p><${Badge} action=${rec.action} /> ${rec.decidingRule ? html`<code>${rec.decidingRule}</code>` : 'no deciding rule'} · <a href=${'#/request/' + encodeURIComponent(rec.requestId)}>full request</a></p>
    ${rec.request.messages.map((m, i) => html`<section class="message"><h4>${i}. ${m.role}</h4><pre class="text"><${Inert} text=${String(m.content)} /></pre></section>`)}
    <${FindingsTable} findings=${rec.inputFindings} caption="Input findings" />
    <h4>Answer</h4>
    ${rec.output === null ? html`<p>No answer.</p>` : html`<pre class="text answer"><${Inert} text=${rec.output} /></pre>`}
    <${FindingsTable} findings=${rec.outputFindings} caption="Output findings" />
  </div>`;
}

function Item({ item, onDone }) {
  const [open, setOpen] = useState(false);
  return html`<article class="review-item" aria-label=${'Review item ' + item.id}>
    <h3>${item.reasons.join(', ')} <small>${item.id}</small></h3>
    <dl class="meta">
      <dt>Tenant</dt><dd>${item.tenant}</dd>
      <dt>Request</dt><dd><code>${item.requestId}</code> (<${Badge} action=${item.action} />)</dd>
      <dt>Rules</dt><dd>${item.ruleIds.length === 0 ? 'none' : item.ruleIds.map((r) => html`<code>${r}</code> `)}</dd>
      <dt>Filed</dt><dd><${Time} ts=${item.createdAt} /></dd>
      ${item.label && html`<dt>Label</dt><dd class="label">${item.label} by ${item.reviewedBy ? item.reviewedBy.name : '?'}</dd>`}
    </dl>
    ${item.feedback.length > 0 &&
    html`<ul class="feedback" aria-label="User reports">${item.feedback.map(
      (f) => html`<li>${f.rating}${f.label ? ` (${f.label})` : ''}${f.comment ? html`: <${Inert} text=${f.comment} />` : ''} <small><${Time} ts=${f.at} /></small></li>`,
    )}</ul>`}
    <button type="button" aria-expanded=${open} onClick=${() => setOpen(!open)}>${open ? 'Hide context' : 'Show context'}</button>
    ${open && html`<${Context} item=${item} />`}
    <${Decide} item=${item} onDone=${onDone} />
  </article>`;
}

export function Review() {
  const [status, setStatus] = useState('open');
  const [data, error, reload] = useLoad(() => api('GET', `/review${query({ status })}`), [status]);
  return html`<section aria-labelledby="review-h">
    <h2 id="review-h">Review queue</h2>
    <label for="review-status">Show</label>
    <select id="review-status" value=${status} onChange=${(e) => setStatus(e.currentTarget.value)}>
      <option value="open">Open</option>
      <option value="reviewed">Reviewed</option>
    </select>
    <${ErrorLine} error=${error} />
    ${data && data.items.length === 0 && html`<p>Nothing to review.</p>`}
    ${data && data.items.map((i) => html`<${Item} key=${i.id} item=${i} onDone=${reload} />`)}
  </section>`;
}
