// The policy in force, whether the file on disk still validates and matches it, and a check of a candidate YAML.
import { api } from '../api.js';
import { html, useState } from '../html.js';
import { ErrorLine, useLoad } from './common.js';
import { Inert } from '../text.js';

function Issues({ issues }) {
  return html`<ul class="issues">${issues.map(
    (i) => html`<li><code>${i.file}${i.line ? `:${i.line}:${i.column ?? 1}` : ''}</code>${i.path ? html` <code>${i.path}</code>` : ''}: <${Inert} text=${i.message} /></li>`,
  )}</ul>`;
}

function Candidate() {
  const [yaml, setYaml] = useState('');
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const check = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      setResult(await api('POST', '/policy/check', { yaml }));
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<form onSubmit=${check} aria-labelledby="cand-h">
    <h3 id="cand-h">Check a candidate policy</h3>
    <label for="cand">warden.yaml text (checked, never applied)</label>
    <textarea id="cand" rows="10" value=${yaml} onInput=${(e) => setYaml(e.currentTarget.value)}></textarea>
    <button type="submit">Check</button>
    <${ErrorLine} error=${error} />
    ${result && (result.ok ? html`<p class="ok" role="status">Valid.</p>` : html`<div role="status"><p class="error">Invalid:</p><${Issues} issues=${result.issues} /></div>`)}
  </form>`;
}

export function Policy({ operator }) {
  const [data, error] = useLoad(() => api('GET', '/policy'), []);
  return html`<section aria-labelledby="pol-h">
    <h2 id="pol-h">Policy in force</h2>
    <${ErrorLine} error=${error} />
    ${data &&
    html`<div>
      ${data.sources.length > 0 && html`<p>Loaded from: ${data.sources.map((s) => html`<code>${s}</code> `)}</p>`}
      ${data.disk === null
        ? html`<p class="note">The policy was not loaded from a file.</p>`
        : data.disk.ok
          ? html`<p class=${data.disk.matches === false ? 'warn' : 'ok'}>The file on disk validates${data.disk.matches === false ? ' but differs from the policy in force: restart the gateway to apply it.' : ' and is the policy in force.'}</p>`
          : html`<div class="warn"><p>The file on disk no longer validates; the gateway keeps the policy it started with. Errors:</p><${Issues} issues=${data.disk.issues} /></div>`}
      <pre class="text policy" aria-label="Policy document">${JSON.stringify(data.document, null, 2)}</pre>
    </div>`}
    ${operator.tenant === null && html`<${Candidate} />`}
  </section>`;
}
