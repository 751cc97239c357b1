// `warden redteam` reports: ASR by category and strategy as bar tables, the overall figures, the worst transcripts;
// `warden redteam compare`: targets side by side, ASR per category.
import { html } from '../html.js';
import { Inert } from '../text.js';
import { Time } from './common.js';

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const WORST = 10;
const SEVERITY = { critical: 0, high: 1, medium: 2, low: 3 };

function AsrTable({ caption, tallies }) {
  const rows = Object.entries(tallies).sort((a, b) => b[1].asr - a[1].asr);
  return html`<table class="report-table">
    <caption>${caption}</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Attacks</th><th scope="col">Succeeded</th><th scope="col">Blocked</th><th scope="col">Errors</th><th scope="col">ASR</th><th scope="col"><span class="sr-only">ASR bar</span></th></tr></thead>
    <tbody>${rows.map(
      ([name, t]) => html`<tr><td>${name}</td><td>${t.total}</td><td>${t.succeeded}</td><td>${t.blocked}</td><td>${t.errors}</td><td>${pct(t.asr)}</td>
        <td class="barcell"><span class="bar asr" style=${{ width: `${100 * t.asr}%` }}></span></td></tr>`,
    )}</tbody>
  </table>`;
}

function Transcript({ result }) {
  return html`<details class="transcript">
    <summary><strong>${result.title}</strong> · ${result.category} · ${result.strategy} · ${result.severity}</summary>
    <p>Verdict: ${result.verdict.outcome} (${result.verdict.method}): <${Inert} text=${result.verdict.evidence} /></p>
    ${result.transcript.map(
      (x, i) => html`<div class="exchange">
        <h5>Exchange ${i + 1}</h5>
        ${x.request.map((m) => html`<p class="role">${m.role}</p><pre class="text"><${Inert} text=${m.content} /></pre>`)}
        ${x.reply ? html`<p class="role">reply${x.reply.blocked ? ` (blocked by ${x.reply.blocked.rules.join(', ')})` : ''}</p><pre class="text"><${Inert} text=${x.reply.content} /></pre>` : ''}
        ${x.error ? html`<p class="error"><${Inert} text=${x.error} /></p>` : ''}
      </div>`,
    )}
  </details>`;
}

export function RunReport({ file, report }) {
  const s = report.summary;
  const worst = report.results
    .filter((r) => r.verdict.outcome === 'succeeded')
    .sort((a, b) => (SEVERITY[a.severity] ?? 9) - (SEVERITY[b.severity] ?? 9) || a.id.localeCompare(b.id))
    .slice(0, WORST);
  return html`<article aria-label=${'Report ' + file}>
    <h3>${file}: <${Inert} text=${report.target.label} /> (${report.target.model})</h3>
    <p class="note">Seed ${report.seed} · strategies ${report.strategies.join(', ')} · <${Time} ts=${report.startedAt} /> to <${Time} ts=${report.finishedAt} /> · ${report.requests} requests</p>
    <div class="tiles">
      <div class="tile"><span class="n">${pct(s.overall.asr)}</span> attack success rate</div>
      <div class="tile"><span class="n">${s.securityScore}</span> security score</div>
      <div class="tile"><span class="n">${s.overall.succeeded}</span> succeeded</div>
      <div class="tile"><span class="n">${s.overall.blocked}</span> blocked by Warden</div>
      <div class="tile"><span class="n">${s.overall.resisted}</span> resisted</div>
      <div class="tile"><span class="n">${s.overall.errors}</span> errors</div>
    </div>
    <${AsrTable} caption="ASR by category" tallies=${s.byCategory} />
    <${AsrTable} caption="ASR by strategy" tallies=${s.byStrategy} />
    <h4>Worst transcripts (${worst.length} of ${s.overall.succeeded} successful attacks)</h4>
    ${worst.length === 0 ? html`<p>No attack succeeded.</p>` : worst.map((r) => html`<${Transcript} result=${r} />`)}
  </article>`;
}

export function Comparison({ file, data }) {
  const categories = [...new Set(data.rows.flatMap((r) => Object.keys(r.byCategory)))].sort();
  return html`<article aria-label=${'Comparison ' + file}>
    <h3>${file}: comparison of ${data.rows.length} targets</h3>
    <table class="report-table">
      <caption>Targets side by side</caption>
      <thead><tr><th scope="col">Target</th><th scope="col">Model</th><th scope="col">ASR</th><th scope="col"><span class="sr-only">ASR bar</span></th><th scope="col">Security score</th><th scope="col">Blocked</th><th scope="col">Errors</th><th scope="col">Tokens</th><th scope="col">Cost</th></tr></thead>
      <tbody>${data.rows.map(
        (r) => html`<tr><td><${Inert} text=${r.label} /></td><td>${r.model}</td><td>${pct(r.asr)}</td><td class="barcell"><span class="bar asr" style=${{ width: `${100 * r.asr}%` }}></span></td>
          <td>${r.securityScore}</td><td>${r.blocked}</td><td>${r.errors}</td><td>${r.promptTokens + r.completionTokens}</td><td>${r.costUsd === undefined ? '–' : `$${r.costUsd.toFixed(4)}`}</td></tr>`,
      )}</tbody>
    </table>
    <table class="report-table">
      <caption>ASR per category</caption>
      <thead><tr><th scope="col">Category</th>${data.rows.map((r) => html`<th scope="col"><${Inert} text=${r.label} /></th>`)}</tr></thead>
      <tbody>${categories.map((c) => html`<tr><td>${c}</td>${data.rows.map((r) => html`<td>${r.byCategory[c] === undefined ? '–' : pct(r.byCategory[c])}</td>`)}</tr>`)}</tbody>
    </table>
  </article>`;
}
