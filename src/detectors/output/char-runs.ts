/**
 * Character-level verbatim matching on letter/digit skeletons (see skeleton.ts): catches prompt dumps
 * whose words were glued together or spaced out letter by letter ("Y-o-u a-r-e ..."), which the word
 * matcher cannot see. Rolling hashes of CHAR_ANCHOR-char windows, verified and extended char by char.
 */
import { buildSkeleton } from './skeleton.js';

/** Window length: shorter shared skeleton strings are common words and names. */
export const CHAR_ANCHOR = 24;
const BASE = 0x01000193;
/** BASE^(CHAR_ANCHOR-1) mod 2^32, to remove the leaving char when rolling. */
const BASE_TOP = (() => {
  let p = 1;
  for (let k = 1; k < CHAR_ANCHOR; k++) p = Math.imul(p, BASE);
  return p;
})();

export interface CharIndex {
  /** Lowercased skeleton of the prompt. */
  text: string;
  /** Window hash -> first start position in `text`. */
  anchors: Map<number, number>;
}

export interface CharRun {
  /** Start in the output skeleton. */
  start: number;
  length: number;
  promptStart: number;
}

function windowHash(s: string, at: number): number {
  let h = 0;
  for (let k = 0; k < CHAR_ANCHOR; k++) h = (Math.imul(h, BASE) + s.charCodeAt(at + k)) | 0;
  return h;
}

function roll(h: number, leaving: number, entering: number): number {
  return (Math.imul((h - Math.imul(leaving, BASE_TOP)) | 0, BASE) + entering) | 0;
}

export function buildCharIndex(prompt: string): CharIndex {
  const text = buildSkeleton(prompt).lower;
  const anchors = new Map<number, number>();
  if (text.length < CHAR_ANCHOR) return { text, anchors };
  let h = windowHash(text, 0);
  for (let i = 0; ; i++) {
    if (!anchors.has(h)) anchors.set(h, i);
    if (i + CHAR_ANCHOR >= text.length) break;
    h = roll(h, text.charCodeAt(i), text.charCodeAt(i + CHAR_ANCHOR));
  }
  return { text, anchors };
}

/** Maximal shared runs of at least CHAR_ANCHOR chars of a lowercased skeleton; linear because the scan jumps past each run. */
export function findCharRuns(index: CharIndex, s: string): CharRun[] {
  const runs: CharRun[] = [];
  const p = index.text;
  if (s.length < CHAR_ANCHOR || index.anchors.size === 0) return runs;
  let i = 0;
  let h = windowHash(s, 0);
  while (i + CHAR_ANCHOR <= s.length) {
    const at = index.anchors.get(h);
    let len = 0;
    if (at !== undefined) {
      while (i + len < s.length && at + len < p.length && s.charCodeAt(i + len) === p.charCodeAt(at + len)) len++;
    }
    if (len >= CHAR_ANCHOR) {
      runs.push({ start: i, length: len, promptStart: at as number });
      i += len;
      if (i + CHAR_ANCHOR <= s.length) h = windowHash(s, i);
      continue;
    }
    if (i + CHAR_ANCHOR < s.length) h = roll(h, s.charCodeAt(i), s.charCodeAt(i + CHAR_ANCHOR));
    i++;
  }
  return runs;
}
