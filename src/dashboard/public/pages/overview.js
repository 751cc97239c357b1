// Overview over a selectable window: traffic, block rate, top rules, latency per stage, upstream errors, breakers.
import { api, query } from '../api.js';
import { html, useState } from '../html.js';
import { TimeChart } from '../chart.js';
import { ErrorLine, Field, useLoad } from './common.js';

const WINDOWS = ['15m', '1h', '24h', '7d'];
const ms = (v) => (v === null ? '–' : `${Math.round(v * 10) / 10} ms`);

export function Overview({ operator }) {
  const [win, setWin] = useState('1h');
  const [tenant, setTenant] = useState('');
  const [data, error, reload] = useLoad(() => api('GET', '/overview' + query({ window: win, tenant })), [win, tenant]);
  const rate = (b) => b.total.map((t, i) => (t === 0 ? 0 : Math.round((1000 * b.blocked[i]) / t) / 10));
  return html`<section aria-labelledby="ov-h">
    <h2 id="ov-h">Overview</h2>
    <form class="inline" onSubmit=${(e) => (e.preventDefault(), reload())} aria-label="Overview window">
      <span class="field"><label for="ov-window">Window</label>
        <select id="ov-window" value=${win} onChange=${(e) => setWin(e.currentTarget.value)}>${WINDOWS.map((w) => html`<option value=${w}>last ${w}</option>`)}</select></span>
      ${operator.tenant === null && html`<${Field} label="Tenant (empty: all)" id="ov-tenant" value=${tenant} onInput=${setTenant} />`}
      <button type="submit">Refresh</button>
    </form>
    <${ErrorLine} error=${error} />
    ${data &&
    html`<div>
      <div class="tiles">
        <div class="tile"><span class="n">${data.requests}</span> requests</div>
        <div class="tile"><span class="n">${data.blocked}</span> blocked</div>
        <div class="tile"><span class="n">${(data.blockRate * 100).toFixed(1)}%</span> block rate</div>
        <div class="tile"><span class="n">${data.upstreamErrors.reduce((a, e) => a + e.count, 0)}</span> upstream errors</div>
      </div>
      ${data.capped && html`<p class="warn">The window holds more than ${data.maxRecords} requests: figures are from the newest ${data.maxRecords}.</p>`}
      <${TimeChart} title="Traffic" yLabel="requests" x=${data.buckets.t} series=${[
        { label: 'requests', values: data.buckets.total },
        { label: 'blocked', values: data.buckets.blocked },
        { label: 'errors', values: data.buckets.errors },
      ]} />
      <${TimeChart} title="Block rate" yLabel="% blocked" x=${data.buckets.t} series=${[{ label: 'block rate %', values: rate(data.buckets) }]} />
      <div class="cols">
        <table><caption>Top deciding rules</caption>
          <thead><tr><th scope="col">Rule</th><th scope="col">Requests</th></tr></thead>
          <tbody>${data.topRules.map((r) => html`<tr><td><code>${r.name}</code></td><td>${r.count}</td></tr>`)}</tbody></table>
        <table><caption>Latency per stage</caption>
          <thead><tr><th scope="col">Stage</th><th scope="col">p50</th><th scope="col">p95</th><th scope="col">Samples</th></tr></thead>
          <tbody>${data.latency.map((s) => html`<tr><td>${s.stage}</td><td>${ms(s.p50)}</td><td>${ms(s.p95)}</td><td>${s.count}</td></tr>`)}</tbody></table>
        <table><caption>Upstream errors</caption>
          <thead><tr><th scope="col">Upstream</th><th scope="col">Code</th><th scope="col">Count</th></tr></thead>
          <tbody>${data.upstreamErrors.length === 0 ? html`<tr><td colspan="3">none</td></tr>` : data.upstreamErrors.map((e) => html`<tr><td>${e.upstream}</td><td>${e.code}</td><td>${e.count}</td></tr>`)}</tbody></table>
        <table><caption>Circuit breakers (now)</caption>
          <thead><tr><th scope="col">Upstream</th><th scope="col">State</th><th scope="col">Recent failure rate</th></tr></thead>
          <tbody>${data.breakers.map((b) => html`<tr><td>${b.upstream}</td><td class=${'breaker ' + b.state}>${b.state}</td><td>${(b.failureRate * 100).toFixed(0)}%</td></tr>`)}</tbody></table>
      </div>
    </div>`}
  </section>`;
}
