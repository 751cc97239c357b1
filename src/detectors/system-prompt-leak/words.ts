/**
 * Word tokenizer with offsets, written as a char-code loop (no regex) so it is linear and allocation-light.
 * Words are runs of letters/digits, lowercased; CJK/kana/hangul characters are one word each because
 * those scripts do not separate words with spaces.
 */

/** Longest word kept whole; longer runs are cut so one token cannot grow without bound. */
export const MAX_WORD_CHARS = 64;

export interface Words {
  /** Lowercased word texts. */
  text: string[];
  /** Start offsets (UTF-16) in the source text. */
  start: number[];
  /** End offsets (exclusive). */
  end: number[];
}

function isSingleCharWord(c: number): boolean {
  return (c >= 0x3040 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff);
}

function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c < 0xc0) return c === 0xaa || c === 0xb5 || c === 0xba;
  // Punctuation, symbols and invisible characters in the general punctuation / CJK symbol blocks.
  if (c >= 0x2000 && c <= 0x2bff) return false;
  if (c >= 0x3000 && c <= 0x303f) return false;
  if (c >= 0xfe00 && c <= 0xfe6f) return false;
  if (c >= 0xff00 && c <= 0xff0f) return false;
  return c !== 0xfeff && c !== 0xd7 && c !== 0xf7;
}

/** Calls `word(start, end)` for each word of text, in order; tokenize and the leak matcher share these bounds. */
export function forEachWord(text: string, word: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isWordChar(c)) {
      i++;
      continue;
    }
    if (isSingleCharWord(c)) {
      word(i, i + 1);
      i++;
      continue;
    }
    const s = i;
    while (i < n && i - s < MAX_WORD_CHARS) {
      const d = text.charCodeAt(i);
      if (!isWordChar(d) || isSingleCharWord(d)) break;
      i++;
    }
    word(s, i);
  }
}

export function tokenize(text: string): Words {
  const out: Words = { text: [], start: [], end: [] };
  forEachWord(text, (s, e) => {
    out.text.push(text.slice(s, e).toLowerCase());
    out.start.push(s);
    out.end.push(e);
  });
  return out;
}
