/** Plain-text tables for eval and bench output: numbers right-aligned, fixed decimals. */

export type Cell = string | number | null | undefined;

export function formatNumber(v: number, decimals = 3): string {
  if (!Number.isFinite(v)) return String(v);
  return Number.isInteger(v) ? String(v) : v.toFixed(decimals);
}

function cellText(c: Cell, decimals: number): string {
  if (c === null || c === undefined) return '-';
  return typeof c === 'number' ? formatNumber(c, decimals) : c;
}

/** Renders rows under headers; a title line is printed above when given. */
export function renderTable(headers: readonly string[], rows: readonly (readonly Cell[])[], opts: { title?: string; decimals?: number } = {}): string {
  const decimals = opts.decimals ?? 3;
  const text = rows.map((r) => headers.map((_, i) => cellText(r[i], decimals)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] == null));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  const out = [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)];
  if (opts.title !== undefined) out.unshift(opts.title);
  return `${out.join('\n')}\n`;
}
