// A uPlot time-series chart (uPlot from the gateway's copy of the npm package).
import uPlot from '/dashboard/vendor/uPlot.esm.js';
import { html, useEffect, useRef } from './html.js';

const COLORS = ['#1f5fbf', '#b3261e', '#8a5a00', '#2e7d32'];

/** series: [{ label, values }]; x: unix seconds. A table of the same numbers follows for screen readers. */
export function TimeChart({ title, x, series, yLabel }) {
  const el = useRef(null);
  useEffect(() => {
    if (!el.current) return undefined;
    const opts = {
      title,
      width: Math.max(320, el.current.clientWidth),
      height: 220,
      scales: { x: { time: true } },
      axes: [{}, { label: yLabel }],
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2 }))],
    };
    const plot = new uPlot(opts, [x, ...series.map((s) => s.values)], el.current);
    return () => plot.destroy();
  }, [title, x, series]);
  return html`<figure class="chart">
    <div ref=${el} role="img" aria-label=${`${title}: chart; totals follow`}></div>
    <figcaption>${series.map((s) => `${s.label}: ${s.values.reduce((a, b) => a + b, 0)}`).join(' · ')}</figcaption>
  </figure>`;
}
