/**
 * Feature extraction shared by training (scripts/train-classifier.ts) and inference, so both see
 * exactly the same hashed features: word unigrams and bigrams plus character 3-5-grams of a
 * lowercased, digit-folded, whitespace-collapsed copy of the text.
 */
import { cueIndex, forEachCue } from './cues.js';

export interface Normalized {
  /** UTF-16 code units of the normalized text. */
  codes: Uint16Array;
  /** For each normalized unit, the index of the original unit it came from. */
  offsets: Uint32Array;
  /** 1 where the whitespace collapsed before this unit held a line break (a sentence boundary for cues). */
  breaks: Uint8Array;
  length: number;
}

const SPACE = 0x20;

function isSpace(c: number): boolean {
  return c <= 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000;
}

/** Zero-width characters are dropped so they cannot split features. */
function isInvisible(c: number): boolean {
  return (c >= 0x200b && c <= 0x200f) || c === 0xfeff || c === 0x2060 || c === 0xad;
}

export function normalize(text: string): Normalized {
  const codes = new Uint16Array(text.length);
  const offsets = new Uint32Array(text.length);
  const breaks = new Uint8Array(text.length);
  let n = 0;
  let lastSpace = true;
  let lineBreak = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) lineBreak = true;
      if (!lastSpace) {
        codes[n] = SPACE;
        offsets[n++] = i;
      }
      lastSpace = true;
      continue;
    }
    if (isInvisible(c)) continue;
    if (c >= 0x41 && c <= 0x5a) c += 32;
    else if (c >= 0x30 && c <= 0x39) c = 0x30;
    else if (c >= 0xc0 && (c < 0xd800 || c > 0xdfff)) {
      const lower = String.fromCharCode(c).toLowerCase();
      if (lower.length === 1) c = lower.charCodeAt(0);
    }
    if (lineBreak) breaks[n] = 1;
    lineBreak = false;
    codes[n] = c;
    offsets[n++] = i;
    lastSpace = false;
  }
  if (n > 0 && codes[n - 1] === SPACE) n--;
  return { codes, offsets, breaks, length: n };
}

export const HASH_BITS = 18;
export const HASH_SIZE = 1 << HASH_BITS;
const HASH_MASK = HASH_SIZE - 1;
const FNV_PRIME = 0x01000193;
const SEED_CHAR = 0x811c9dc5;
const SEED_WORD = 0x3b9aca07;
const SEED_BIGRAM = 0x5bd1e995;
const MIN_GRAM = 3;
const MAX_GRAM = 5;
/** Longer tokens (CJK runs, base64 blobs) are hashed on their first units only. */
const MAX_WORD = 24;

function isWordUnit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || c === 0x30 || c === 0x27 || c >= 0xc0;
}

/** Receives each feature occurrence: its anchor position in the normalized text and its hashed index. */
export type FeatureSink = (pos: number, index: number) => void;

/**
 * Emits every feature occurrence of the normalized text: char n-grams anchored at their first unit,
 * words at their start, and (for the indirect set) sentence cues at the sentence start.
 */
export function forEachFeature(norm: Normalized, sink: FeatureSink, cues = false): void {
  const { codes, length } = norm;
  for (let i = 0; i < length; i++) {
    let h = SEED_CHAR;
    const end = Math.min(length, i + MAX_GRAM);
    for (let k = i; k < end; k++) {
      h = Math.imul(h ^ (codes[k] as number), FNV_PRIME);
      if (k - i + 1 >= MIN_GRAM) sink(i, (h ^ (h >>> 15)) & HASH_MASK);
    }
  }
  let prevHash = 0;
  let prevStart = -1;
  let i = 0;
  while (i < length) {
    if (!isWordUnit(codes[i] as number)) {
      i++;
      continue;
    }
    const start = i;
    let h = SEED_WORD;
    while (i < length && isWordUnit(codes[i] as number)) {
      if (i - start < MAX_WORD) h = Math.imul(h ^ (codes[i] as number), FNV_PRIME);
      i++;
    }
    sink(start, (h ^ (h >>> 13)) & HASH_MASK);
    if (prevStart >= 0) {
      const b = Math.imul(Math.imul(SEED_BIGRAM ^ prevHash, FNV_PRIME) ^ h, FNV_PRIME);
      sink(prevStart, (b ^ (b >>> 16)) & HASH_MASK);
    }
    prevHash = h;
    prevStart = start;
  }
  if (cues) forEachCue(norm, (pos, cue) => sink(pos, cueIndex(cue, HASH_MASK)));
}
