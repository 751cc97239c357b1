/**
 * Elongated words ("fuuuuck", "iiiidiot") defeat a lexicon. Squeezing collapses every run of the same
 * letter to one, in the text and in the terms alike, keeping a map back to the original offsets.
 */

const isLetter = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

/** Shortest run of one repeated letter that counts as elongation (doubles are normal spelling). */
export const MIN_ELONGATION = 3;

/** True when text has a run of MIN_ELONGATION identical letters (after `fold`, ignoring case). */
export function hasElongation(text: string, fold: (c: number) => number): boolean {
  let run = 0;
  let prev = -1;
  for (let i = 0; i < text.length; i++) {
    const c = fold(text.charCodeAt(i)) | 0x20;
    run = c === prev && isLetter(c) ? run + 1 : 1;
    if (run >= MIN_ELONGATION) return true;
    prev = c;
  }
  return false;
}

export interface Squeezed {
  text: string;
  /** starts[j] = offset in the original of squeezed char j; starts[length] = original length. */
  starts: Int32Array;
}

export function squeeze(text: string, fold: (c: number) => number = (c) => c): Squeezed {
  const starts = new Int32Array(text.length + 1);
  const parts: string[] = [];
  let j = 0;
  let prev = -1;
  for (let i = 0; i < text.length; i++) {
    const c = fold(text.charCodeAt(i)) | 0x20;
    if (c === prev && isLetter(c)) continue;
    prev = c;
    starts[j++] = i;
    parts.push(text[i] as string);
  }
  starts[j] = text.length;
  return { text: parts.join(''), starts: starts.subarray(0, j + 1) };
}
