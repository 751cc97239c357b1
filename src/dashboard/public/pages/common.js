// Small pieces the pages share.
import { html, useEffect, useState } from '../html.js';

export const ACTIONS = ['allow', 'flag', 'redact', 'block', 'error'];

export function Badge({ action }) {
  return html`<span class=${'badge ' + action}>${action}</span>`;
}

export function ErrorLine({ error }) {
  return error ? html`<p class="error" role="alert">${error}</p>` : null;
}

export function Time({ ts }) {
  return html`<time datetime=${ts}>${new Date(ts).toLocaleString()}</time>`;
}

/** Loads `fn()` on mount and whenever `deps` change; returns [data, error, reload]. */
export function useLoad(fn, deps) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    fn()
      .then((d) => live && (setData(d), setError(null)))
      .catch((e) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [...deps, n]);
  return [data, error, () => setN(n + 1)];
}

/** A labelled text field bound to state[key]. */
export function Field({ label, id, value, onInput, ...rest }) {
  return html`<span class="field"><label for=${id}>${label}</label><input id=${id} value=${value} onInput=${(e) => onInput(e.currentTarget.value)} ...${rest} /></span>`;
}
