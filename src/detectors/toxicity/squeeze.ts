/**
 * Elongated words ("fuuuuck", "iiiidiot") defeat a lexicon. Squeezing collapses every run of the same
 * letter to one, in the text and in the terms alike, keeping a map back to the original offsets.
 */

const isLetter = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

/** Shortest run of one repeated letter that counts as elongation (doubles are normal spelling). */
export const MIN_ELONGATION = 3;

/** `fold(c) | 0x20` of every ASCII code unit, per fold function: hasElongation runs on every scanned text. */
const asciiFolds = new WeakMap<(c: number) => number, Int32Array>();

function asciiFold(fold: (c: number) => number): Int32Array {
  let table = asciiFolds.get(fold);
  if (table === undefined) {
    table = Int32Array.from({ length: 128 }, (_, c) => fold(c) | 0x20);
    asciiFolds.set(fold, table);
  }
  return table;
}

function foldedAt(text: string, i: number, ascii: Int32Array, fold: (c: number) => number): number {
  const code = text.charCodeAt(i);
  return code < 128 ? (ascii[code] as number) : fold(code) | 0x20;
}

/** True when text has a run of MIN_ELONGATION identical letters (after `fold`, ignoring case). */
export function hasElongation(text: string, fold: (c: number) => number): boolean {
  const ascii = asciiFold(fold);
  // Every run of MIN_ELONGATION code units covers exactly one index j with j % MIN_ELONGATION === MIN_ELONGATION - 1:
  // only those are inspected, counting the equal neighbours on each side.
  for (let j = MIN_ELONGATION - 1; j < text.length; j += MIN_ELONGATION) {
    const c = foldedAt(text, j, ascii, fold);
    if (!isLetter(c)) continue;
    let run = 1;
    for (let k = j - 1; k >= 0 && run < MIN_ELONGATION && foldedAt(text, k, ascii, fold) === c; k--) run++;
    for (let k = j + 1; k < text.length && run < MIN_ELONGATION && foldedAt(text, k, ascii, fold) === c; k++) run++;
    if (run >= MIN_ELONGATION) return true;
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
