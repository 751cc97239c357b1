/**
 * The self-contained HTML report: headline figures, ASR by category and by strategy as inline SVG charts,
 * a table per category, and the worst transcripts in full. No script and no external resource; every piece
 * of text from the library, the target or the model is escaped, so a hostile answer cannot run in the report.
 */
import { barChart, htmlEscape as esc, type Bar } from './svg.js';
import { worstResults, type RunReport } from './run-report.js';
import type { Tally } from '../summary.js';
import type { CaseResult } from '../types.js';

function bars(groups: Record<string, Tally>): Bar[] {
  return Object.entries(groups)
    .sort((a, b) => b[1].asr - a[1].asr || a[0].localeCompare(b[0]))
    .map(([label, t]) => ({ label, value: t.asr, note: `${t.succeeded}/${t.succeeded + t.blocked + t.resisted}, blocked ${t.blocked}` }));
}

function tallyTable(title: string, groups: Record<string, Tally>): string {
  const rows = Object.entries(groups).map(
    ([k, t]) => `<tr><td>${esc(k)}</td><td>${t.total}</td><td>${t.succeeded}</td><td>${t.blocked}</td><td>${t.resisted}</td><td>${t.errors}</td><td>${t.skipped}</td><td>${(t.asr * 100).toFixed(1)}%</td></tr>`,
  );
  return `<h2>${esc(title)}</h2><table><tr><th></th><th>cases</th><th>succeeded</th><th>blocked</th><th>resisted</th><th>errors</th><th>skipped</th><th>ASR</th></tr>${rows.join('')}</table>`;
}

function transcript(r: CaseResult): string {
  const turns = r.transcript.map((x, i) => {
    const msgs = x.request
      .filter((m, j) => i === 0 || j >= x.request.length - 1 || m.role === 'tool')
      .map((m) => {
        const calls = (m.tool_calls ?? []).map((c) => `${c.function.name}(${c.function.arguments})`).join('\n');
        return `<div class="msg ${esc(m.role)}"><b>${esc(m.role)}</b><pre>${esc(m.content || calls)}</pre></div>`;
      });
    const reply = x.reply
      ? `<div class="msg answer"><b>answer${x.reply.blocked ? ' (blocked by Warden)' : ''}</b><pre>${esc(x.reply.content)}${esc(x.reply.toolCalls.map((t) => `\n[tool call] ${t.name}(${t.arguments})`).join(''))}</pre></div>`
      : `<div class="msg error"><b>error</b><pre>${esc(x.error ?? '')}</pre></div>`;
    return msgs.join('') + reply;
  });
  return `<details><summary><b>${esc(r.severity)}</b> ${esc(r.id)}: ${esc(r.title)} <i>(${esc(r.verdict.method)}: ${esc(r.verdict.evidence)})</i></summary>${turns.join('')}</details>`;
}

const STYLE = `body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child{text-align:left}
.cards{display:flex;gap:1em}.card{border:1px solid #ccc;border-radius:6px;padding:.6em 1em}.card b{display:block;font-size:1.6em}
pre{white-space:pre-wrap;word-break:break-word;margin:.2em 0}.msg{border-left:3px solid #999;padding-left:.6em;margin:.4em 0}.msg.system{border-color:#888}
.msg.user,.msg.tool{border-color:#1565c0}.msg.answer{border-color:#c62828}.msg.error{border-color:#ef6c00}details{margin:.5em 0}`;

export function renderHtml(report: RunReport, worst = 10): string {
  const s = report.summary;
  const o = s.overall;
  const card = (label: string, value: string) => `<div class="card">${esc(label)}<b>${esc(value)}</b></div>`;
  const worstOnes = worstResults(report.results, worst);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${esc(`Warden red-team report: ${report.target.label}`)}</title><style>${STYLE}</style></head><body>`,
    `<h1>Red-team report: ${esc(report.target.label)} <small>(${esc(report.target.model)})</small></h1>`,
    `<p>Seed ${report.seed}; strategies ${esc(report.strategies.join(', '))}; ${esc(report.startedAt)} to ${esc(report.finishedAt)}; ${report.requests} requests.</p>`,
    `<div class="cards">${card('attack success rate', `${(o.asr * 100).toFixed(1)}%`)}${card('security score', String(s.securityScore))}${card('succeeded', `${o.succeeded}/${o.total}`)}${card('blocked by Warden', String(o.blocked))}${card('errors', String(o.errors))}${card('latency p50 / p95', `${s.latencyMs.p50} / ${s.latencyMs.p95} ms`)}</div>`,
    barChart('Attack success rate by category', bars(s.byCategory)),
    barChart('Attack success rate by strategy', bars(s.byStrategy)),
    tallyTable('By category', s.byCategory),
    tallyTable('By strategy', s.byStrategy),
    `<h2>Worst transcripts (${worstOnes.length} of ${o.succeeded} successful attacks)</h2>`,
    worstOnes.length === 0 ? '<p>No attack succeeded.</p>' : worstOnes.map(transcript).join('\n'),
    '</body></html>',
    '',
  ].join('\n');
}
