/**
 * Length-preserving case fold for matching: every UTF-16 unit of the output sits at the same index as
 * in the input, so match offsets are spans of the original text without an offset map.
 */

const QUOTE_FOLD: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u02bc': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u00a0': ' ',
  '\u3000': ' ',
};
export const QUOTE_CHARS = /[\u2018\u2019\u02bc\u201c\u201d\u00a0\u3000]/g;

export function foldForMatch(text: string): string {
  let out = text.toLowerCase();
  // A few characters (e.g. U+0130) change length when lowercased; fall back to a per-unit fold then.
  if (out.length !== text.length) out = foldPerUnit(text);
  return out.replace(QUOTE_CHARS, foldQuote);
}

function foldQuote(c: string): string {
  return QUOTE_FOLD[c] ?? c;
}

function foldPerUnit(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const lower = c.toLowerCase();
    out += lower.length === 1 ? lower : c;
  }
  return out;
}
