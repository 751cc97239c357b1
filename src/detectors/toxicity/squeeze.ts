/**
 * Elongated words ("fuuuuck", "iiiidiot") defeat a lexicon. Squeezing collapses every run of the same
 * letter to one, in the text and in the terms alike, keeping a map back to the original offsets.
 */

/**
 * Called as `charCodeAt.call(text, i)`: `text.charCodeAt` looks the method up on the receiver's map, and
 * the strings reaching a detector come in many representations (flat, sliced, concatenated, one- or
 * two-byte, internalized), which soon makes that lookup megamorphic, a generic load per character.
 */
const charCodeAt = String.prototype.charCodeAt;

const isLetter = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;

/** Shortest run of one repeated letter that counts as elongation (doubles are normal spelling). */
export const MIN_ELONGATION = 3;

/**
 * Per fold function, `fold(c) | 0x20` of every UTF-16 code unit when that is a letter, else 0 (which
 * equals no letter): hasElongation runs on every scanned text, and a table lookup per code unit keeps
 * its loop free of calls whatever the script of the text.
 */
const letterTables = new WeakMap<(c: number) => number, Uint8Array>();

function letterTable(fold: (c: number) => number): Uint8Array {
  let table = letterTables.get(fold);
  if (table === undefined) {
    table = new Uint8Array(0x10000);
    for (let code = 0; code < 0x10000; code++) {
      const c = fold(code) | 0x20;
      if (isLetter(c)) table[code] = c;
    }
    letterTables.set(fold, table);
  }
  return table;
}

/** True when text has a run of MIN_ELONGATION identical letters (after `fold`, ignoring case). */
export function hasElongation(text: string, fold: (c: number) => number): boolean {
  const letters = letterTable(fold);
  const n = text.length;
  // Every run of MIN_ELONGATION code units covers exactly one index j with j % MIN_ELONGATION === MIN_ELONGATION - 1:
  // only those are inspected, counting the equal neighbours on each side.
  for (let j = MIN_ELONGATION - 1; j < n; j += MIN_ELONGATION) {
    const c = letters[charCodeAt.call(text, j)] as number;
    if (c === 0) continue;
    let run = 1;
    for (let k = j - 1; k >= 0 && run < MIN_ELONGATION && letters[charCodeAt.call(text, k)] === c; k--) run++;
    for (let k = j + 1; k < n && run < MIN_ELONGATION && letters[charCodeAt.call(text, k)] === c; k++) run++;
    if (run >= MIN_ELONGATION) return true;
  }
  return false;
}

export interface Squeezed {
  text: string;
  /** starts[j] = offset in the original of squeezed char j; starts[length] = original length. Valid until the next call. */
  starts: Int32Array;
}

/** Reused offset map (scans are synchronous; the caller reads it before squeezing again). */
let scratch = new Int32Array(1024);

export function squeeze(text: string, fold: (c: number) => number = (c) => c): Squeezed {
  if (scratch.length < text.length + 1) scratch = new Int32Array(Math.max(text.length + 1, 2 * scratch.length));
  const starts = scratch;
  // The kept characters, as slices of the text between dropped ones.
  let out = '';
  let from = 0;
  let j = 0;
  let prev = -1;
  for (let i = 0; i < text.length; i++) {
    const c = fold(text.charCodeAt(i)) | 0x20;
    if (c === prev && isLetter(c)) {
      if (from < i) out += text.slice(from, i);
      from = i + 1;
      continue;
    }
    prev = c;
    starts[j++] = i;
  }
  if (from < text.length) out += text.slice(from);
  starts[j] = text.length;
  return { text: out, starts: starts.subarray(0, j + 1) };
}
