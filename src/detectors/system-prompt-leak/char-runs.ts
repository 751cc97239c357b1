/**
 * Character-level verbatim matching on letter/digit skeletons (see skeleton.ts): catches prompt dumps
 * whose words were glued together or spaced out letter by letter ("Y-o-u a-r-e ..."), which the word
 * matcher cannot see. Rolling hashes of CHAR_ANCHOR-char windows, verified and extended char by char.
 */
import { buildSkeleton, keep } from '../shared/skeleton.js';

/** Called as `charCodeAt.call(s, i)`: `s.charCodeAt` goes megamorphic once strings of several representations reach the loop. */
const charCodeAt = String.prototype.charCodeAt;

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
  /** Hashes of every window of `text` and of `text` reversed by UTF-16 unit (see mayShareWindow). */
  windows: Set<number>;
  /** Bit set over the low bits of `windows`: one load per output window, and a Set lookup only on a hit. */
  windowBits: Int32Array;
  /** windowBits.length * 32 - 1. */
  windowMask: number;
}

/** Bits per prompt window: keeps the bit set sparse, so few output windows reach the Set. */
const BITS_PER_WINDOW = 32;
const MIN_WINDOW_BITS = 1 << 12;

export interface CharRun {
  /** Start in the output skeleton. */
  start: number;
  length: number;
  promptStart: number;
}

function windowHash(s: string, at: number): number {
  let h = 0;
  for (let k = 0; k < CHAR_ANCHOR; k++) h = (Math.imul(h, BASE) + charCodeAt.call(s, at + k)) | 0;
  return h;
}

function roll(h: number, leaving: number, entering: number): number {
  return (Math.imul((h - Math.imul(leaving, BASE_TOP)) | 0, BASE) + entering) | 0;
}

/** Calls `window(hash, start)` for every CHAR_ANCHOR-unit window of s, in order. */
function forEachWindow(s: string, window: (hash: number, start: number) => void): void {
  if (s.length < CHAR_ANCHOR) return;
  let h = windowHash(s, 0);
  for (let i = 0; ; i++) {
    window(h, i);
    if (i + CHAR_ANCHOR >= s.length) break;
    h = roll(h, charCodeAt.call(s, i), charCodeAt.call(s, i + CHAR_ANCHOR));
  }
}

export function buildCharIndex(prompt: string): CharIndex {
  const text = buildSkeleton(prompt).lower;
  const anchors = new Map<number, number>();
  let bits = MIN_WINDOW_BITS;
  while (bits < 2 * text.length * BITS_PER_WINDOW) bits *= 2;
  const windowBits = new Int32Array(bits / 32);
  const windows = new Set<number>();
  const add = (h: number): void => {
    windows.add(h);
    const b = h & (bits - 1);
    windowBits[b >>> 5] = (windowBits[b >>> 5] as number) | (1 << (b & 31));
  };
  forEachWindow(text, (h, i) => {
    if (!anchors.has(h)) anchors.set(h, i);
    add(h);
  });
  forEachWindow(text.split('').reverse().join(''), add);
  return { text, anchors, windows, windowBits, windowMask: bits - 1 };
}

/** Lowercased skeleton unit of each ASCII unit, 0 for units the skeleton drops. */
const ASCII_SKELETON = Int32Array.from({ length: 0x80 }, (_, c) => (keep(c) ? String.fromCharCode(c).toLowerCase().charCodeAt(0) : 0));

/** Last CHAR_ANCHOR skeleton units seen by mayShareWindow, reused across calls (it is synchronous). */
const windowRing = new Int32Array(CHAR_ANCHOR);

/**
 * False when findCharRuns can find nothing in the lowercased skeleton of text, forwards or reversed: a
 * run needs a window equal to a prompt window, and a window of the reversed skeleton equal to a prompt
 * window is a forward window equal to a window of the reversed prompt, whose hash is in `windows` too.
 * Skeletonizes on the fly while the kept units are ASCII (then lowercasing is per unit); true (undecided)
 * at the first kept non-ASCII unit, whose lowercase can depend on its neighbours.
 */
export function mayShareWindow(index: CharIndex, text: string): boolean {
  if (index.anchors.size === 0) return false;
  const { windowBits, windowMask } = index;
  const ring = windowRing;
  let kept = 0;
  let slot = 0;
  let h = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = charCodeAt.call(text, i);
    if (unit >= 0x80) {
      if (keep(unit)) return true;
      continue;
    }
    const c = ASCII_SKELETON[unit] as number;
    if (c === 0) continue;
    if (kept < CHAR_ANCHOR) {
      h = (Math.imul(h, BASE) + c) | 0;
      kept++;
    } else {
      h = roll(h, ring[slot] as number, c);
    }
    ring[slot] = c;
    slot = slot === CHAR_ANCHOR - 1 ? 0 : slot + 1;
    if (kept === CHAR_ANCHOR && ((windowBits[(h & windowMask) >>> 5] as number) & (1 << (h & 31))) !== 0 && index.windows.has(h)) return true;
  }
  return false;
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
      while (i + len < s.length && at + len < p.length && charCodeAt.call(s, i + len) === charCodeAt.call(p, at + len)) len++;
    }
    if (len >= CHAR_ANCHOR) {
      runs.push({ start: i, length: len, promptStart: at as number });
      i += len;
      if (i + CHAR_ANCHOR <= s.length) h = windowHash(s, i);
      continue;
    }
    if (i + CHAR_ANCHOR < s.length) h = roll(h, charCodeAt.call(s, i), charCodeAt.call(s, i + CHAR_ANCHOR));
    i++;
  }
  return runs;
}
