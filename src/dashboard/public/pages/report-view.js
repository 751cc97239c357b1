// One report: a `warden redteam` run report (warden-redteam-report/1) or a `warden redteam compare` file
// ({ rows, reports }) with their charts; any other JSON by shape: its scalar fields, and for every list of rows
// with a name and numbers a table with a bar per row for the first rate-like number.
import { html } from '../html.js';
import { Inert } from '../text.js';
import { RunReport, Comparison } from './redteam-report.js';

const NAME_KEYS = ['name', 'category', 'strategy', 'model', 'target', 'id', 'label'];

function scalars(obj) {
  return Object.entries(obj).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
}

/** [path, rows] for arrays of objects that have a name-like field and at least one number. */
function tables(obj, path = '', out = [], depth = 0) {
  if (depth > 4 || obj === null || typeof obj !== 'object') return out;
  for (const [k, v] of Object.entries(obj)) {
    const p = path ? `${path}.${k}` : k;
    if (Array.isArray(v) && v.length > 0 && v.every((r) => r && typeof r === 'object' && NAME_KEYS.some((n) => typeof r[n] === 'string') && Object.values(r).some((x) => typeof x === 'number'))) {
      out.push([p, v.slice(0, 200)]);
    } else if (v && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v);
      if (entries.length > 0 && entries.length <= 200 && entries.every(([, x]) => typeof x === 'number')) out.push([p, entries.map(([name, value]) => ({ name, value }))]);
      else tables(v, p, out, depth + 1);
    }
  }
  return out;
}

export function Table({ path, rows }) {
  const nameKey = NAME_KEYS.find((n) => typeof rows[0][n] === 'string');
  const numKeys = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => typeof r[k] === 'number')))].slice(0, 6);
  const barKey = numKeys.find((k) => /asr|rate|score/i.test(k)) ?? numKeys[0];
  const max = Math.max(...rows.map((r) => Number(r[barKey]) || 0), 1e-9);
  return html`<table class="report-table">
    <caption>${path}</caption>
    <thead><tr><th scope="col">${nameKey}</th>${numKeys.map((k) => html`<th scope="col">${k}</th>`)}<th scope="col">${barKey}</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr><td><${Inert} text=${String(r[nameKey])} /></td>${numKeys.map((k) => html`<td>${typeof r[k] === 'number' ? Math.round(r[k] * 1000) / 1000 : ''}</td>`)}
        <td class="barcell"><span class="bar" style=${{ width: `${Math.max(0, (100 * (Number(r[barKey]) || 0)) / max)}%` }}></span></td></tr>`,
    )}</tbody>
  </table>`;
}

export function ReportView({ file, report }) {
  if (report === null || typeof report !== 'object') return html`<p>${file}: not a JSON object.</p>`;
  if (report.format === 'warden-redteam-report/1') return html`<${RunReport} file=${file} report=${report} />`;
  if (Array.isArray(report.rows) && Array.isArray(report.reports)) return html`<${Comparison} file=${file} data=${report} />`;
  return html`<article aria-label=${'Report ' + file}>
    <h3>${file}</h3>
    <dl class="meta">${scalars(report).map(([k, v]) => html`<dt>${k}</dt><dd><${Inert} text=${String(v)} /></dd>`)}</dl>
    ${tables(report).map(([path, rows]) => html`<${Table} path=${path} rows=${rows} />`)}
  </article>`;
}
