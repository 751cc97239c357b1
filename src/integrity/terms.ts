/**
 * What a sentence claims, in comparable form: its content terms (lower-cased, function words dropped, lightly
 * stemmed so "refunds"/"refunded" meet) for lexical support, and the tokens that must match exactly: numbers,
 * dates and names (capitalised words). A hand-rolled light stemmer rather than a Porter/Snowball package: support
 * scoring only needs inflections of one word to meet, and the same rule on both sides keeps it deterministic.
 */
import { STOPWORDS } from '../detectors/shared/stopwords.js';
import { dateKeys, findDates } from './dates.js';
import { blankSpans, LIST_MARKER } from './sentences.js';

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
/** Numbers with thousands separators or decimals; not part of a word ("B2B", "GPT4"). */
export const NUMBER = /(?<![\p{L}\p{N}.,])\d+(?:[.,]\d+)*(?![\p{L}\p{N}])/gu;
const STEM_CHARS = 6;
/** Capitalised words that are no name. */
const NOT_NAMES: ReadonlySet<string> = new Set(
  'i monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december'.split(' '),
);

export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  if (w.length > 4) {
    if (w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
    else if (w.endsWith('ing')) w = w.slice(0, -3);
    else if (w.endsWith('ed')) w = w.slice(0, -2);
    else if (w.endsWith('es')) w = w.slice(0, -2);
    else if (w.endsWith('ly')) w = w.slice(0, -2);
    else if (w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  }
  return w.length > STEM_CHARS ? w.slice(0, STEM_CHARS) : w;
}

/** A name compared exactly, up to case, a possessive and a plural ("Acme's" = "Acme"). */
export function nameKey(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  if (w.length > 3 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w;
}

/**
 * "1,000" = "1000", "3.50" = "3.5", "007" = "7"; a comma that is not a thousands separator is a decimal comma.
 * Dotted sequences (versions, addresses) stay as written.
 */
export function normaliseNumber(raw: string): string {
  const s = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(raw) ? raw.replaceAll(',', '') : raw.replace(',', '.');
  if ((s.match(/[.,]/g) ?? []).length > 1) return s;
  const [int = '', frac] = s.split('.');
  const i = int.replace(/^0+(?=\d)/, '');
  const f = frac?.replace(/0+$/, '');
  return f === undefined || f === '' ? i : `${i}.${f}`;
}

export interface Claim {
  /** Distinct content-term stems. */
  terms: string[];
  numbers: string[];
  dates: string[];
  names: string[];
}

/** The claim of one answer sentence: dates first (their digits are not numbers of their own), then numbers, names, terms. */
export function claimOf(sentence: string): Claim {
  // A list item's number is no claim.
  const marker = LIST_MARKER.exec(sentence)?.[0].length ?? 0;
  const found = findDates(sentence).filter((d) => d.start >= marker);
  const rest = blankSpans(sentence, marker > 0 ? [{ start: 0, end: marker }, ...found] : found);
  const numbers = new Set<string>();
  for (const m of rest.matchAll(NUMBER)) numbers.add(normaliseNumber(m[0]));
  const names = new Set<string>();
  const terms = new Set<string>();
  let first = true;
  for (const m of rest.matchAll(WORD)) {
    const w = m[0];
    const lower = w.toLowerCase();
    const capitalised = /^\p{Lu}/u.test(w);
    // The first word is capitalised by grammar, not because it names something.
    if (capitalised && !first && !STOPWORDS.has(lower) && !NOT_NAMES.has(lower)) names.add(nameKey(w));
    first = false;
    if (!STOPWORDS.has(lower) && (w.length > 1 || /\d/.test(w))) terms.add(/^\d/.test(w) ? w : stem(w));
  }
  return { terms: [...terms], numbers: [...numbers], dates: [...new Set(found.map((d) => d.key))], names: [...names] };
}

/** What a passage offers: its content-term stems, and the exact tokens it can support. */
export interface PassageTokens {
  terms: Set<string>;
  numbers: Set<string>;
  dates: Set<string>;
  names: Set<string>;
}

/** A passage's tokens: numbers are read from the whole text, dates included, so "2024" alone is supported by "1 March 2024". */
export function passageTokens(text: string): PassageTokens {
  const numbers = new Set<string>();
  for (const m of text.matchAll(NUMBER)) numbers.add(normaliseNumber(m[0]));
  const dates = new Set<string>();
  for (const d of findDates(text)) for (const k of dateKeys(d.key)) dates.add(k);
  const terms = new Set<string>();
  const names = new Set<string>();
  for (const m of text.matchAll(WORD)) {
    const w = m[0];
    names.add(nameKey(w));
    if (!STOPWORDS.has(w.toLowerCase())) terms.add(/^\d/.test(w) ? w : stem(w));
  }
  return { terms, numbers, dates, names };
}
