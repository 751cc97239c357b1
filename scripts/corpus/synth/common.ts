/** Helpers shared by the synthesis generators: carrier selection, seeded insertion, provenance. */
import { pick } from '../text.js';
import type { Category, CorpusRow, Label, SynthRow } from '../types.js';

export type Position = 'start' | 'middle' | 'end';
export const POSITIONS: readonly Position[] = ['start', 'middle', 'end'];

export function originOf(carrier: CorpusRow, payload?: CorpusRow): SynthRow['origin'] {
  const license = payload && payload.license !== carrier.license ? `${carrier.license}; payload from ${payload.source}: ${payload.license}` : carrier.license;
  return { source: carrier.source, commit: carrier.commit, license };
}

export function synthRow(
  key: string,
  text: string,
  label: Label,
  category: Category,
  carrier: CorpusRow,
  extra: { lang?: string; inject?: string; payload?: CorpusRow } = {},
): SynthRow {
  const out: SynthRow = { key, text, label, category, path: carrier.source, origin: originOf(carrier, extra.payload), lang: extra.lang ?? carrier.lang };
  if (extra.inject !== undefined) out.inject = extra.inject;
  return out;
}

/** Inserts `payload` at a paragraph/line/sentence boundary near the position, never inside a word. */
export function insertAt(doc: string, payload: string, position: Position, separator = '\n\n'): string {
  if (position === 'start') return `${payload}${separator}${doc}`;
  if (position === 'end') return `${doc}${separator}${payload}`;
  const mid = Math.floor(doc.length / 2);
  const candidates = ['\n', '。', '. ', '! ', '? ', '۔ ', '। ']
    .map((b) => {
      const after = doc.indexOf(b, mid);
      return after === -1 ? -1 : after + b.length;
    })
    .filter((i) => i > 0 && i < doc.length);
  const at = candidates.length > 0 ? Math.min(...candidates) : doc.length;
  return `${doc.slice(0, at).trimEnd()}${separator}${payload}${separator}${doc.slice(at).trimStart()}`.trim();
}

/** Benign rows of one language, within a length window, as carrier documents or questions. */
export function benignPool(rows: readonly CorpusRow[], filter: (r: CorpusRow) => boolean): CorpusRow[] {
  return rows.filter((r) => r.label === 'benign' && filter(r));
}

export function sourceRepo(r: CorpusRow): string {
  return r.source.split(':')[0] ?? '';
}

export { pick };
