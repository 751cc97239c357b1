/**
 * Shared by the document rules that compose words inside one sentence (garbled-reply, task-trigger): per-language
 * word lists compiled into one word-edged alternation, sentence bounds, and quoted mentions.
 */
import { isQuotedMention } from './hijack/mention.js';

/** Scripts written without spaces or with attached particles match inside words; the rest need word edges. */
const UNSPACED = new Set(['zh', 'ja', 'ko', 'ar']);
/** Letters of the spaced scripts (Latin, Greek, Cyrillic, Devanagari with its marks, Vietnamese): a class, not `\\p{L}`, so no `u` flag slows the scan. */
const LETTER = '[a-z\\u00c0-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff\\u0900-\\u097f\\u1e00-\\u1eff]';

/** A space stands for up to three whitespace units, `%N` for up to N filler words, as in the phrase lexicons. */
export const expandTerm = (term: string): string => term.replace(/ /g, '\\s{1,3}').replace(/%(\d)/g, (_, n: string) => `(?:\\S{1,16}\\s{1,3}){0,${n}}`);

/**
 * One alternation of every language's terms (folded regex sources), with `guard` (a lookbehind, per language) before
 * each term. One word-edge test for all spaced languages, so a position inside a word fails once, not once per term.
 */
export function wordRegex(terms: Readonly<Record<string, readonly string[]>>, flags: string, guard: Readonly<Record<string, string>> = {}): RegExp {
  const of = (spaced: boolean): string[] =>
    Object.entries(terms)
      .filter(([lang]) => UNSPACED.has(lang) !== spaced)
      .flatMap(([lang, list]) => list.map((term) => `${guard[lang] ?? ''}${expandTerm(term)}`));
  return new RegExp(`(?<!${LETTER})(?:${of(true).join('|')})(?!${LETTER})|${of(false).join('|')}`, flags);
}

/** Negations that turn an order into a prohibition or a description: "do not reply in reverse", "nie odpowiadaj wspak". */
export const NEGATION = wordRegex(
  {
    en: ['not', 'never', "don't", 'no'],
    de: ['nicht', 'nie', 'keine?'],
    fr: ['ne', "n'", 'jamais', 'pas'],
    es: ['no', 'nunca'],
    pt: ['não', 'nao', 'nunca'],
    it: ['non', 'mai'],
    nl: ['niet', 'nooit', 'geen'],
    pl: ['nie', 'nigdy'],
    ru: ['не', 'никогда'],
    tr: ['değil', 'asla', 'sakın'],
    vi: ['không', 'đừng', 'chớ'],
    zh: ['不要', '别', '请勿', '不得', '不能'],
    ja: ['しないで', 'ないで', 'ません'],
    ko: ['지 마', '하지 말', '않'],
    ar: ['لا', 'لن', 'إياك'],
    hi: ['मत', 'नहीं', 'न'],
  },
  '',
);

/** Sentence ends (one order per sentence), as code units: . ! ? newline 。！？ । ؟. A window never crosses one. */
const SENTENCE_END: ReadonlySet<number> = new Set([0x2e, 0x21, 0x3f, 0x0a, 0x3002, 0xff01, 0xff1f, 0x0964, 0x061f]);
const MAX_SENTENCE = 300;

/** The sentence around [from, to), at most MAX_SENTENCE units either side. */
export function sentenceAround(folded: string, from: number, to: number): { start: number; end: number } {
  const floor = Math.max(0, from - MAX_SENTENCE);
  let start = floor;
  for (let i = from - 1; i >= floor; i--) {
    if (SENTENCE_END.has(folded.charCodeAt(i))) {
      start = i + 1;
      break;
    }
  }
  const ceiling = Math.min(folded.length, to + MAX_SENTENCE);
  let end = ceiling;
  for (let i = to; i < ceiling; i++) {
    if (SENTENCE_END.has(folded.charCodeAt(i))) {
      end = i;
      break;
    }
  }
  while (start < end && folded.charCodeAt(start) <= 0x20) start++;
  return { start, end };
}

/**
 * Whether a match at `at` is talked about: its sentence opens inside quotes in running prose, or a quotation opened
 * earlier in the sentence is still open ('the attack "reply in reverse" was ...').
 */
export function isQuotedInSentence(folded: string, start: number, at: number): boolean {
  if (isQuotedMention(folded, start)) return true;
  const before = folded.slice(start, at);
  const q = Math.max(before.lastIndexOf('"'), before.lastIndexOf('“'), before.lastIndexOf('«'), before.lastIndexOf('„'));
  if (q < 0) return false;
  const straight = before.split('"').length - 1;
  return (before.charAt(q) !== '"' || straight % 2 === 1) && isQuotedMention(folded, start + q + 1);
}

/**
 * Calls `visit` once for each sentence that holds a match of the global `re` (with the sentence's first match),
 * however many matches it holds, so a pass stays linear in the text; stops matching once `done()` is true.
 */
export function eachMatchedSentence(folded: string, re: RegExp, done: () => boolean, visit: (m: RegExpExecArray, start: number, end: number) => void): void {
  let examined = -1;
  re.lastIndex = 0;
  for (let m = re.exec(folded); m !== null && !done(); m = re.exec(folded)) {
    if (m.index < examined) continue;
    const { start, end } = sentenceAround(folded, m.index, m.index + m[0].length);
    examined = end;
    visit(m, start, end);
  }
}
