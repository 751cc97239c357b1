/**
 * Homoglyphs: Cyrillic, Greek, Armenian and Cherokee letters that look like Latin ones, hidden inside Latin words.
 * Project-written subset of Unicode's confusables.txt limited to near-identical shapes, so that
 * whole words in those scripts (real Russian or Greek text) are never treated as spoofing.
 */
import type { Span } from '../../spec/types.js';

const PAIRS: ReadonlyArray<readonly [string, string]> = [
  // Cyrillic
  ['а', 'a'], ['е', 'e'], ['о', 'o'], ['р', 'p'], ['с', 'c'], ['у', 'y'], ['х', 'x'], ['і', 'i'], ['ј', 'j'],
  ['ѕ', 's'], ['ԁ', 'd'], ['һ', 'h'], ['ԛ', 'q'], ['ԝ', 'w'], ['ӏ', 'l'],
  ['А', 'A'], ['В', 'B'], ['Е', 'E'], ['К', 'K'], ['М', 'M'], ['Н', 'H'], ['О', 'O'], ['Р', 'P'], ['С', 'C'],
  ['Т', 'T'], ['Х', 'X'], ['У', 'Y'], ['Ү', 'Y'], ['І', 'I'], ['Ј', 'J'], ['Ѕ', 'S'], ['Ԛ', 'Q'], ['Ԝ', 'W'], ['Ӏ', 'l'],
  // Greek
  ['Α', 'A'], ['Β', 'B'], ['Ε', 'E'], ['Ζ', 'Z'], ['Η', 'H'], ['Ι', 'I'], ['Κ', 'K'], ['Μ', 'M'], ['Ν', 'N'],
  ['Ο', 'O'], ['Ρ', 'P'], ['Τ', 'T'], ['Υ', 'Y'], ['Χ', 'X'], ['ο', 'o'], ['ν', 'v'], ['ρ', 'p'], ['α', 'a'],
  ['ι', 'i'], ['κ', 'k'], ['υ', 'u'], ['ϲ', 'c'], ['ϳ', 'j'],
  // Armenian
  ['օ', 'o'], ['ս', 'u'], ['հ', 'h'], ['ո', 'n'], ['ց', 'g'], ['զ', 'q'], ['Օ', 'O'], ['Ս', 'U'],
  // Cherokee
  ['Ꭺ', 'A'], ['Ᏼ', 'B'], ['Ꮯ', 'C'], ['Ꭰ', 'D'], ['Ꭼ', 'E'], ['Ꮐ', 'G'], ['Ꮋ', 'H'], ['Ꭻ', 'J'], ['Ꮶ', 'K'], ['Ꮮ', 'L'],
  ['Ꮇ', 'M'], ['Ꮲ', 'P'], ['Ꮪ', 'S'], ['Ꭲ', 'T'], ['Ꮩ', 'V'], ['Ꮃ', 'W'], ['Ꮓ', 'Z'],
];

/**
 * Latin small capitals and IPA letters (`ɪɢɴᴏʀᴇ`): Latin script, so not spoofing by mixing scripts, and
 * popular as styled text; folded in the normalized variant without weight in the score.
 */
const STYLED: ReadonlyArray<readonly [string, string]> = [
  ['ᴀ', 'a'], ['ʙ', 'b'], ['ᴄ', 'c'], ['ᴅ', 'd'], ['ᴇ', 'e'], ['ꜰ', 'f'], ['ɢ', 'g'], ['ʜ', 'h'], ['ɪ', 'i'], ['ᴊ', 'j'],
  ['ᴋ', 'k'], ['ʟ', 'l'], ['ᴍ', 'm'], ['ɴ', 'n'], ['ᴏ', 'o'], ['ᴘ', 'p'], ['ǫ', 'q'], ['ʀ', 'r'], ['ꜱ', 's'], ['ᴛ', 't'],
  ['ᴜ', 'u'], ['ᴠ', 'v'], ['ᴡ', 'w'], ['ʏ', 'y'], ['ᴢ', 'z'], ['ɑ', 'a'], ['ɩ', 'i'], ['ɡ', 'g'],
];
const STYLED_CODES: ReadonlySet<number> = new Set(STYLED.map(([from]) => from.charCodeAt(0)));

export const CONFUSABLES: ReadonlyMap<number, string> = new Map([...PAIRS, ...STYLED].map(([from, to]) => [from.charCodeAt(0), to]));

export const CONFUSABLE_PATTERNS = {
  /** Any Cyrillic, Greek, Armenian, Cherokee, IPA or small-capital letter: texts without one are skipped cheaply. */
  foreignLetter: /[\u0250-\u02AF\u0370-\u03FF\u0400-\u052F\u0531-\u058F\u13A0-\u13F5\u1D00-\u1D2B\uA730\uA731]/,
};

/** Letters of the scripts that matter here (Latin, IPA, Greek, Cyrillic, Armenian, Cherokee) and combining marks. */
function isWordChar(c: number): boolean {
  return (
    ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ||
    (c >= 0xc0 && c <= 0x58f && c !== 0xd7 && c !== 0xf7 && c !== 0x37e && c !== 0x387) ||
    (c >= 0x1e00 && c <= 0x1fff) ||
    (c >= 0x13a0 && c <= 0x13f5) ||
    (c >= 0x1d00 && c <= 0x1d2b) ||
    c === 0xa730 ||
    c === 0xa731
  );
}

/**
 * Called as `charCodeAt.call(text, i)`: `text.charCodeAt` looks the method up on the receiver's map, and
 * scanned strings come in many representations (flat, sliced, concatenated, one- or two-byte,
 * internalized), which soon makes that lookup megamorphic, a generic load per character.
 */
const charCodeAt = String.prototype.charCodeAt;

/** Calls fn(start, end) for each maximal run of word characters. */
function forEachWord(text: string, fn: (start: number, end: number) => boolean): void {
  let start = -1;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const word = i < n && isWordChar(charCodeAt.call(text, i));
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      if (!fn(start, i)) return;
      start = -1;
    }
  }
}

function isLatinLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x2af && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff);
}

/** Enough evidence for any score; stops pathological inputs from building huge lists. */
const MAX_WORDS = 256;

export interface HomoglyphWord {
  span: Span;
  /** The word with confusables folded to ASCII. */
  folded: string;
  /** 1 for a Latin word with lookalikes mixed in, lower for weaker evidence, 0 for styled text (fold only). */
  weight: number;
}

interface Candidate extends HomoglyphWord {
  /** Latin <-> lookalike transitions: `іgnоrе` has 4, a Russian ending on an English word (`Pythonе`) has 1. */
  switches: number;
}

/**
 * Words that mix Latin letters with lookalikes, plus (in mostly-Latin text) words spelled entirely with
 * lookalikes. Words containing foreign letters that have no Latin twin are genuine foreign text, and in
 * foreign-script text a Latin word with a native ending (one script switch) is inflection, not spoofing.
 */
export function findHomoglyphWords(text: string): HomoglyphWord[] {
  const mixed: Candidate[] = [];
  const allLookalike: HomoglyphWord[] = [];
  let latinLetters = 0;
  let lookalikeLetters = 0;
  let foreignLetters = 0;
  forEachWord(text, (start, end) => {
    let latin = 0;
    let lookalike = 0;
    let foreign = 0;
    let switches = 0;
    let styled = 0;
    let lastLatin: boolean | undefined;
    for (let i = start; i < end; i++) {
      const c = charCodeAt.call(text, i);
      const isStyled = STYLED_CODES.has(c);
      const isLatin = isStyled || isLatinLetter(c);
      if (isStyled) styled++;
      if (isLatin) latin++;
      else if (CONFUSABLES.has(c)) lookalike++;
      else {
        if (c < 0x300 || c > 0x36f) foreign++;
        continue;
      }
      if (lastLatin !== undefined && lastLatin !== isLatin) switches++;
      lastLatin = isLatin;
    }
    latinLetters += latin;
    lookalikeLetters += lookalike;
    foreignLetters += foreign;
    if (lookalike === 0 && styled === 0) return true;
    const span = { start, end };
    const folded = fold(text.slice(start, end));
    if (lookalike === 0) {
      mixed.push({ span, folded, weight: 0, switches: 0 });
      return mixed.length < MAX_WORDS;
    }
    if (latin > 0) mixed.push({ span, folded, weight: foreign === 0 ? 1 : 0.3, switches });
    else if (foreign === 0 && lookalike >= 3) allLookalike.push({ span, folded, weight: 0.5 });
    return mixed.length < MAX_WORDS;
  });
  const foreignText = foreignLetters >= 3;
  const out: HomoglyphWord[] = mixed.map(({ span, folded, weight, switches }) => ({
    span,
    folded,
    weight: foreignText && switches === 1 ? 0.05 : weight,
  }));
  if (allLookalike.length > 0 && latinLetters > 2 * (lookalikeLetters + foreignLetters)) out.push(...allLookalike);
  return out.sort((a, b) => a.span.start - b.span.start);
}

export function fold(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    out += CONFUSABLES.get(c) ?? word[i];
  }
  return out;
}
