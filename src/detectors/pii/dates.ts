/**
 * DATE_TIME by pattern: written-out and numeric dates, ISO timestamps and am/pm times. Complements the
 * tagger, which only knows the formats of its training templates. Bare years and weekdays are left to
 * the tagger: alone they are rarely identifying (`during the 1990s`, `last Sunday`).
 */
import type { PatternMatch } from './pattern-match.js';

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const DAY = '(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?';
const YEAR = '(?:1[6-9]|20)\\d{2}';

/** Module-level and built only from the constants above (exported for the ReDoS fuzz test). */
export const DATE_PATTERNS = {
  /** `March 3`, `March 3rd, 2023`, `Mar. 3 2023`, `March 2023`. Month names are capitalized, so `may` is safe. */
  monthFirst: new RegExp(`\\b${MONTH}(?: ${DAY}(?:,? ${YEAR})?| ${YEAR})\\b`, 'g'),
  /** `3 March 2023`, `3rd of March`. */
  dayFirst: new RegExp(`\\b${DAY} (?:of )?${MONTH}(?:,? ${YEAR})?\\b`, 'g'),
  /** `2023-03-15`, `2023-03-15T10:30:00Z`, `1972-02-01 07:51:21`. */
  iso: /\b(?:1[6-9]|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w-])/g,
  /** `5/19/1937`, `19.05.1937`, `05-19-37`: day and month in range, either order. */
  numeric: /(?<![\w./-])(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|[12]\d|3[01])[/.-](?:(?:1[6-9]|20)\d{2}|\d{2})(?![\w/]|[.-]\d)/g,
  /** `10:30 am`, `7 p.m.`. */
  time: /\b(?:1[0-2]|0?[1-9])(?::[0-5]\d)? ?[ap]\.?m\.?(?!\w)/gi,
};

const SCORES: ReadonlyArray<[RegExp, number]> = [
  [DATE_PATTERNS.iso, 0.85],
  [DATE_PATTERNS.monthFirst, 0.8],
  [DATE_PATTERNS.dayFirst, 0.8],
  [DATE_PATTERNS.numeric, 0.7],
  [DATE_PATTERNS.time, 0.6],
];

/** All date/time matches; overlaps between the forms are resolved by the caller. */
export function findDates(text: string): PatternMatch[] {
  const out: PatternMatch[] = [];
  for (const [re, score] of SCORES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      out.push({ entityType: 'DATE_TIME', rule: 'date', start: m.index, end: m.index + m[0].length, score });
    }
  }
  return out;
}
