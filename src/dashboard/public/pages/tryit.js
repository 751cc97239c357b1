// "Try it": run text through the policy in force and see the decision and the findings marked in the text.
import { api } from '../api.js';
import { html, useState } from '../html.js';
import { Highlighted, Inert } from '../text.js';
import { Badge, ErrorLine, Field } from './common.js';

const STAGES = ['input', 'output', 'retrieved', 'tool_result', 'tool_definition', 'tool_call'];

export function TryIt({ operator }) {
  const [text, setText] = useState('');
  const [stage, setStage] = useState('input');
  const [tenant, setTenant] = useState('');
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [tried, setTried] = useState('');
  const run = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      setResult(await api('POST', '/try', { text, stage, ...(tenant ? { tenant } : {}) }));
      setTried(text);
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<section aria-labelledby="try-h">
    <h2 id="try-h">Try it</h2>
    <form onSubmit=${run}>
      <label for="try-text">Text</label>
      <textarea id="try-text" rows="6" required value=${text} onInput=${(e) => setText(e.currentTarget.value)}></textarea>
      <span class="field"><label for="try-stage">Stage</label>
        <select id="try-stage" value=${stage} onChange=${(e) => setStage(e.currentTarget.value)}>${STAGES.map((s) => html`<option value=${s}>${s}</option>`)}</select></span>
      ${operator.tenant === null && html`<${Field} label="Tenant (optional)" id="try-tenant" value=${tenant} onInput=${setTenant} />`}
      <button type="submit">Scan</button>
    </form>
    <${ErrorLine} error=${error} />
    ${result &&
    html`<div aria-live="polite" class="try-result">
      <p>Decision: <${Badge} action=${result.action} /> ${result.decidingRule ? html`by <code>${result.decidingRule}</code>` : ''} in ${Math.round(result.latencyMs * 10) / 10} ms</p>
      <${Highlighted} text=${tried} spans=${result.findings.flatMap((f) => f.spans)} label="scanned text" />
      ${result.findings.length === 0 ? html`<p>No findings.</p>` : html`<ul>${result.findings.map((f) => html`<li><code>${f.ruleId}</code> <${Badge} action=${f.action} /> ${f.mode === 'monitor' ? '(monitor) ' : ''}score ${f.score.toFixed(2)}: <${Inert} text=${f.message} /></li>`)}</ul>`}
      ${result.errors.length > 0 && html`<p class="error">Detector errors: ${result.errors.map((x) => x.detector ?? JSON.stringify(x)).join(', ')}</p>`}
    </div>`}
  </section>`;
}
