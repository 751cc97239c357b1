// Red-team reports (`warden redteam` JSON files in gateway.dashboard.reports_dir), when there are any.
import { api } from '../api.js';
import { html, useState } from '../html.js';
import { ErrorLine, Time, useLoad } from './common.js';
import { ReportView } from './report-view.js';

export function Reports({ operator }) {
  const [data, error] = useLoad(() => (operator.tenant === null ? api('GET', '/reports') : Promise.resolve(null)), []);
  const [open, setOpen] = useState(null);
  const [openError, setOpenError] = useState(null);
  if (operator.tenant !== null) return html`<section><h2>Red-team reports</h2><p>Red-team reports are shown to operators of every tenant only.</p></section>`;
  const show = (file) => api('GET', `/reports/${encodeURIComponent(file)}`).then(setOpen, (e) => setOpenError(e.message));
  return html`<section aria-labelledby="rep-h">
    <h2 id="rep-h">Red-team reports</h2>
    <${ErrorLine} error=${error || openError} />
    ${data && data.reports.length === 0 && html`<p>None yet: no report in <code>${data.dir}</code>${data.exists ? '' : ' (the directory does not exist)'}. Run <code>warden redteam</code> with its JSON report written there.</p>`}
    ${data && data.reports.length > 0 &&
    html`<ul class="reports">${data.reports.map((r) => html`<li><button type="button" onClick=${() => show(r.file)}>${r.file}</button> <${Time} ts=${r.modified} /> · ${Math.ceil(r.bytes / 1024)} KiB</li>`)}</ul>`}
    ${open && html`<${ReportView} file=${open.file} report=${open.report} />`}
  </section>`;
}
