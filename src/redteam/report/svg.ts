/** Inline SVG bar charts for the HTML report: no script, no external asset, every label escaped. */

export function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface Bar {
  label: string;
  /** 0..1 */
  value: number;
  note: string;
}

const ROW = 22;
const LABEL_W = 190;
const BAR_W = 360;

/** Horizontal bars of rates (attack success rate): red above `alarm`, green otherwise. */
export function barChart(title: string, bars: readonly Bar[], alarm = 0.05): string {
  const height = bars.length * ROW + 30;
  const rows = bars.map((b, i) => {
    const y = 24 + i * ROW;
    const w = Math.max(1, Math.round(Math.min(1, Math.max(0, b.value)) * BAR_W));
    const color = b.value > alarm ? '#c62828' : '#2e7d32';
    return [
      `<text x="${LABEL_W - 8}" y="${y + 14}" text-anchor="end">${htmlEscape(b.label)}</text>`,
      `<rect x="${LABEL_W}" y="${y + 3}" width="${BAR_W}" height="${ROW - 6}" fill="#eee"/>`,
      `<rect x="${LABEL_W}" y="${y + 3}" width="${w}" height="${ROW - 6}" fill="${color}"><title>${htmlEscape(`${b.label}: ${(b.value * 100).toFixed(1)}% (${b.note})`)}</title></rect>`,
      `<text x="${LABEL_W + BAR_W + 8}" y="${y + 14}">${(b.value * 100).toFixed(1)}% <tspan fill="#666">${htmlEscape(b.note)}</tspan></text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${htmlEscape(title)}" width="${LABEL_W + BAR_W + 170}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<text x="0" y="14" font-weight="bold">${htmlEscape(title)}</text>`,
    ...rows,
    '</svg>',
  ].join('\n');
}
