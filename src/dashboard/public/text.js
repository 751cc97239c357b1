// Untrusted text, shown inert: always as preact text nodes (never innerHTML), with bidi overrides and invisible
// characters made visible so they cannot reorder or hide what the operator reads, and very long text cut.
import { html, useState } from './html.js';

// Bidi embeddings/overrides/isolates, zero-width characters, BOM, soft hyphen and the Unicode tag block.
const CONTROL = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u2060-\u2064\uFEFF\u00AD]|\uDB40[\uDC00-\uDC7F]/g;

export const SHOWN_CHARS = 200000;

function code(ch) {
  return 'U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
}

/** Control characters marked as elements per text; past this many they become plain [U+XXXX] text (fast on huge inputs). */
const MARKED_CONTROLS = 200;

/** Text with control characters as visible [U+XXXX] tokens. */
export function Inert({ text }) {
  const out = [];
  let last = 0;
  let marked = 0;
  for (const m of text.matchAll(CONTROL)) {
    if (marked === MARKED_CONTROLS) break;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(html`<span class="ctl" title="invisible or direction-changing character">[${code(m[0])}]</span>`);
    last = m.index + m[0].length;
    marked++;
  }
  if (last < text.length) out.push(text.slice(last).replace(CONTROL, (c) => `[${code(c)}]`));
  return html`<bdi>${out}</bdi>`;
}

/** Spans merged and clamped to the text: [start, end) pairs, sorted, non-overlapping. */
export function mergeSpans(spans, length) {
  const s = spans
    .map((x) => [Math.max(0, Math.min(length, x.start)), Math.max(0, Math.min(length, x.end))])
    .filter(([a, b]) => b > a)
    .sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const [a, b] of s) {
    const prev = out[out.length - 1];
    if (prev && a <= prev[1]) prev[1] = Math.max(prev[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The text with the findings' spans marked; cut to SHOWN_CHARS until the operator asks for all of it. */
export function Highlighted({ text, spans, label }) {
  const [all, setAll] = useState(false);
  const shown = all ? text : text.slice(0, SHOWN_CHARS);
  const parts = [];
  let pos = 0;
  for (const [a, b] of mergeSpans(spans, shown.length)) {
    if (a > pos) parts.push(html`<${Inert} text=${shown.slice(pos, a)} />`);
    parts.push(html`<mark class="finding" title="finding"><${Inert} text=${shown.slice(a, b)} /></mark>`);
    pos = b;
  }
  if (pos < shown.length) parts.push(html`<${Inert} text=${shown.slice(pos)} />`);
  return html`<div class="textblock">
    <pre class="text" aria-label=${label}>${parts}</pre>
    ${shown.length < text.length &&
    html`<p class="note">Showing the first ${SHOWN_CHARS.toLocaleString()} of ${text.length.toLocaleString()} characters.
      <button type="button" onClick=${() => setAll(true)}>Show all</button></p>`}
  </div>`;
}
