/**
 * Sentences of an answer or a document, with their offsets. Intl.Segmenter (UAX #29, built into Node) does the
 * splitting; its habits are corrected here: it ends a sentence after a title or month abbreviation ("Mr.", "Jan.",
 * an initial) and after a list item's number ("1."), and it does not end one before a bracket followed by lower case, so citations such as
 * "[doc:a]" are blanked by the caller first (`mask`) and stay with the sentence they follow.
 */

export interface Sentence {
  start: number;
  end: number;
  text: string;
}

const SEGMENTER = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Words after which a full stop does not end a sentence. */
const ABBREVIATIONS: ReadonlySet<string> = new Set(
  (
    'mr mrs ms dr prof sr jr st mt no nos vs etc inc ltd co corp dept approx est fig ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun'
  ).split(' '),
);

const LETTER = /\p{L}/u;
/** A list item's marker; the segmenter ends a sentence after "1." at the start of a line. */
export const LIST_MARKER = /^\s*(?:[-*+•]|\d{1,3}[.)])(?:\s+|$)/;

/** Whether the segment ends with "<abbreviation>." or "<initial>." (read backwards from its end: no regex over the whole segment). */
function endsWithAbbreviation(segment: string): boolean {
  const trimmed = segment.trimEnd();
  if (!trimmed.endsWith('.')) return false;
  let i = trimmed.length - 1;
  while (i > 0 && LETTER.test(trimmed[i - 1] as string)) i--;
  const word = trimmed.slice(i, trimmed.length - 1);
  if (word.length === 0) return false;
  return (word.length === 1 && word === word.toUpperCase()) || ABBREVIATIONS.has(word.toLowerCase());
}

/**
 * Splits `text` into sentences; `mask` (same length) is what the segmenter reads, e.g. the text with citations
 * blanked. Segments that are only whitespace are dropped; the offsets index `text`.
 */
export function splitSentences(text: string, mask: string = text): Sentence[] {
  const out: Sentence[] = [];
  let pendingStart: number | undefined;
  for (const seg of SEGMENTER.segment(mask)) {
    const start = pendingStart ?? seg.index;
    const end = seg.index + seg.segment.length;
    const markerOnly = LIST_MARKER.exec(seg.segment)?.[0].length === seg.segment.length;
    if ((markerOnly || endsWithAbbreviation(seg.segment)) && end < mask.length) {
      pendingStart = start;
      continue;
    }
    pendingStart = undefined;
    pushTrimmed(out, text, start, end);
  }
  if (pendingStart !== undefined) pushTrimmed(out, text, pendingStart, text.length);
  return out;
}

function pushTrimmed(out: Sentence[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] as string)) s++;
  while (e > s && /\s/.test(text[e - 1] as string)) e--;
  if (e > s) out.push({ start: s, end: e, text: text.slice(s, e) });
}

/** The text with the given spans (in order, not overlapping) replaced by spaces: offsets stay, the words are gone. */
export function blankSpans(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + ' '.repeat(s.end - s.start);
    at = s.end;
  }
  return out + text.slice(at);
}
