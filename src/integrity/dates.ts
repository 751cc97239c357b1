/**
 * Dates written in prose, normalised so "1 March 2024", "March 1st, 2024" and "2024-03-01" are one date. A date is
 * kept as every key it can be compared by: `2024-03-01`, `2024-03` and `--03-01`, so a document's full date also
 * supports an answer's "March 2024" or "March 1". Numeric day/month orders other than ISO (03/01/2024) are
 * ambiguous and are left to the number check.
 */

export interface FoundDate {
  start: number;
  end: number;
  /** The most precise key: `YYYY-MM-DD`, `YYYY-MM` or `--MM-DD`. */
  key: string;
}

const MONTHS: Readonly<Record<string, number>> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

const MONTH = '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(\\d{4})';

/** One alternation, each branch bounded: linear on any text. */
export const DATE_PATTERN = new RegExp(
  [
    `(?<![\\p{L}\\p{N}])${YEAR}-(\\d{1,2})-(\\d{1,2})(?![\\p{N}])`,
    `(?<![\\p{L}\\p{N}])${DAY} (?:of )?${MONTH},? ${YEAR}(?![\\p{N}])`,
    `(?<![\\p{L}])${MONTH} ${DAY},? ${YEAR}(?![\\p{N}])`,
    `(?<![\\p{L}])${MONTH} ${DAY}(?![\\p{L}\\p{N}])`,
    `(?<![\\p{L}])${MONTH},? ${YEAR}(?![\\p{N}])`,
  ].join('|'),
  'giu',
);

const pad = (n: number) => String(n).padStart(2, '0');

function key(year: string | undefined, month: number | undefined, day: string | undefined): string | undefined {
  if (month === undefined || month < 1 || month > 12) return undefined;
  const d = day === undefined ? undefined : Number(day);
  if (d !== undefined && (d < 1 || d > 31)) return undefined;
  if (year === undefined) return d === undefined ? undefined : `--${pad(month)}-${pad(d)}`;
  return d === undefined ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(d)}`;
}

const monthOf = (name: string | undefined) => (name === undefined ? undefined : MONTHS[name.toLowerCase()]);

export function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (const m of text.matchAll(DATE_PATTERN)) {
    const g = m.slice(1);
    const k =
      g[0] !== undefined ? key(g[0], Number(g[1]), g[2])
      : g[3] !== undefined ? key(g[5], monthOf(g[4]), g[3])
      : g[6] !== undefined ? key(g[8], monthOf(g[6]), g[7])
      : g[9] !== undefined ? key(undefined, monthOf(g[9]), g[10])
      : key(g[12], monthOf(g[11]), undefined);
    if (k !== undefined) out.push({ start: m.index, end: m.index + m[0].length, key: k });
  }
  return out;
}

/** Every key a date can be compared by: a full date also stands for its month and its day of the year. */
export function dateKeys(k: string): string[] {
  if (k.length === 10) return [k, k.slice(0, 7), `--${k.slice(5)}`];
  return [k];
}
