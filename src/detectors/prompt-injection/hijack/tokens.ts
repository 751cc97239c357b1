/**
 * Tokenizer for the hijack grammar, over text already folded by foldForMatch (so offsets are offsets of the
 * original). One pass, no regex backtracking: words are runs of letters, marks and digits (with inner
 * apostrophes and hyphens); each Han/kana character is a token of its own, since Chinese and Japanese put no
 * spaces between words; sentence ends are tokens too, so windows can stop at them.
 */
import { TERM_PATTERNS } from '../../shared/term-matcher.js';

const OTHER = 1;
export const WORD = 2;
export const IDEOGRAPH = 3;
const BOUNDARY = 4;

/** Token offsets in the folded text; the text of token i is folded.slice(start[i], end[i]). */
export interface Tokens {
  start: number[];
  end: number[];
  boundary: boolean[];
}

const kinds = new Uint8Array(0x10000);
const SENTENCE_ENDS = '.!?\n;。！？؟।…';
for (const c of SENTENCE_ENDS) kinds[c.charCodeAt(0)] = BOUNDARY;

function isIdeograph(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff66 && code <= 0xff9f)
  );
}

/** OTHER, WORD, IDEOGRAPH or BOUNDARY (NaN, past the end, reads as OTHER). */
export function charKind(code: number): number {
  if (Number.isNaN(code)) return OTHER;
  let k = kinds[code] as number;
  if (k === 0) {
    if (isIdeograph(code)) k = IDEOGRAPH;
    else if (code >= 0xd800 && code <= 0xdfff) k = OTHER;
    else k = TERM_PATTERNS.wordChar.test(String.fromCharCode(code)) && code !== 0x5f ? WORD : OTHER;
    kinds[code] = k;
  }
  return k;
}

/** Apostrophe or hyphen joining two word characters ("you've", "e-mail"). */
function joins(code: number): boolean {
  return code === 0x27 || code === 0x2d;
}

/** Elided articles and pronouns ("l'", "d'", "qu'") are split off so the word after them is looked up alone. */
const MAX_ELISION = 2;

/** Letters after a backslash that stand for a line break or a tab inside an escaped string. */
export const ESCAPES = 'nrt';

/** One set of token arrays for every scan (scans are synchronous), written by index and cut to length. */
const scratch: Tokens = { start: [], end: [], boundary: [] };

/** The tokens of a folded text, valid until the next call. */
export function tokenize(folded: string): Tokens {
  const { start: starts, end: ends, boundary } = scratch;
  let count = 0;
  const n = folded.length;
  let i = 0;
  while (i < n) {
    const kind = charKind(folded.charCodeAt(i));
    if (kind === WORD) {
      let start = i;
      i++;
      while (i < n) {
        const k = charKind(folded.charCodeAt(i));
        if (k === WORD) i++;
        else if (joins(folded.charCodeAt(i)) && i + 1 < n && charKind(folded.charCodeAt(i + 1)) === WORD) {
          if (folded.charCodeAt(i) === 0x27 && i - start <= MAX_ELISION) {
            starts[count] = start;
            ends[count] = i + 1;
            boundary[count++] = false;
            start = i + 1;
          }
          i++;
        } else break;
      }
      starts[count] = start;
      ends[count] = i;
      boundary[count++] = false;
    } else if (kind === IDEOGRAPH) {
      starts[count] = i;
      ends[count] = i + 1;
      boundary[count++] = false;
      i++;
    } else if (kind === BOUNDARY) {
      // A dot inside "e.g." or "3.5" or a host name ends no sentence.
      const dotInWord = folded.charCodeAt(i) === 0x2e && i + 1 < n && charKind(folded.charCodeAt(i + 1)) === WORD;
      if (!dotInWord && (count === 0 || !boundary[count - 1])) {
        starts[count] = i;
        ends[count] = i + 1;
        boundary[count++] = true;
      }
      i++;
    } else if (folded.charCodeAt(i) === 0x5c && i + 1 < n && ESCAPES.includes(folded.charAt(i + 1))) {
      // JSON and code strings escape line breaks ("Great article.\\nIgnore ..."): `\n` ends a line, `\t` separates.
      if (folded.charAt(i + 1) !== 't' && (count === 0 || !boundary[count - 1])) {
        starts[count] = i;
        ends[count] = i + 2;
        boundary[count++] = true;
      }
      i += 2;
    } else i++;
  }
  starts.length = count;
  ends.length = count;
  boundary.length = count;
  return scratch;
}
