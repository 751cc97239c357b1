/**
 * Content shingles for recognising a document in an answer through light rewording: words lowercased, function
 * words dropped, each word cut to a 5-letter stem (plural, tense), then every 3 consecutive stems hashed. A document
 * keeps the winnowed minimum of every 4 consecutive hashes (Schleimer et al., "Winnowing", 2003): any 6 content words
 * an answer shares with it, in order, contain one of its fingerprints.
 */
import { STOPWORDS } from '../shared/stopwords.js';

export const SHINGLE_WORDS = 3;
export const WINNOW_WINDOW = 3;
const STEM_CHARS = 5;
const WORD = /[\p{L}\p{N}]+/gu;

export interface Shingles {
  hashes: number[];
  /** Offsets in the text of each shingle's first and last word. */
  start: number[];
  end: number[];
}

function hashStems(stems: readonly string[], at: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < SHINGLE_WORDS; k++) {
    const w = stems[at + k] as string;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x20, 0x01000193);
  }
  return h >>> 0;
}

/** Every shingle of the text with where it is. */
export function shingles(text: string): Shingles {
  const stems: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (const m of text.matchAll(WORD)) {
    const w = m[0].toLowerCase();
    if (STOPWORDS.has(w)) continue;
    stems.push(w.length > STEM_CHARS ? w.slice(0, STEM_CHARS) : w);
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  const out: Shingles = { hashes: [], start: [], end: [] };
  for (let i = 0; i + SHINGLE_WORDS <= stems.length; i++) {
    out.hashes.push(hashStems(stems, i));
    out.start.push(starts[i] as number);
    out.end.push(ends[i + SHINGLE_WORDS - 1] as number);
  }
  return out;
}

/** The document's fingerprints: the minimum hash of every window (each distinct hash once). */
export function winnow(hashes: readonly number[]): Set<number> {
  const out = new Set<number>();
  if (hashes.length <= WINNOW_WINDOW) {
    for (const h of hashes) out.add(h);
    return out;
  }
  for (let i = 0; i + WINNOW_WINDOW <= hashes.length; i++) {
    let min = hashes[i] as number;
    for (let k = 1; k < WINNOW_WINDOW; k++) min = Math.min(min, hashes[i + k] as number);
    out.add(min);
  }
  return out;
}
