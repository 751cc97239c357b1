/**
 * Feature extraction shared by training (scripts/train-classifier.ts) and inference, so both see
 * exactly the same hashed features: word unigrams and bigrams plus character 3-5-grams of a
 * lowercased, digit-folded, whitespace-collapsed copy of the text.
 */
import { CUE_REPEAT, cueIndex, forEachCue } from './cues.js';
import type { Normalized } from './normalize.js';

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

/** Char n-grams anchored at each unit: the 3-, 4- and 5-gram. */
export const GRAMS_PER_UNIT = MAX_GRAM - MIN_GRAM + 1;

/** Units anchoring all GRAMS_PER_UNIT char n-grams: every unit but the last four. */
export function fullGramUnits(length: number): number {
  return Math.max(0, length - MAX_GRAM + 1);
}

/** How many char n-grams are anchored at unit `i` (fewer near the end of the text). */
export function gramCount(i: number, length: number): number {
  return Math.max(0, Math.min(GRAMS_PER_UNIT, length - i - MIN_GRAM + 1));
}

const gramIndex = (h: number): number => (h ^ (h >>> 15)) & HASH_MASK;

/**
 * Every feature occurrence of a normalized text in typed arrays, laid out so scoring is one pass per
 * unit and one extraction can serve several weight sets (scan-cache.ts): char n-grams by anchor unit,
 * then the words, bigrams and cues.
 */
export class Features {
  /** Slot GRAMS_PER_UNIT * i + k holds the k-th char n-gram anchored at unit i (k < gramCount(i)). */
  grams = new Int32Array(GRAMS_PER_UNIT * 1024);
  /** Word, bigram and cue features in emission order: anchor unit and hashed index. */
  pos = new Int32Array(1024);
  index = new Int32Array(1024);
  count = 0;
  /** Bumped by every extraction into this object, so results derived from one can tell it is still current. */
  generation = 0;

  /** Makes room for `units` units and `extra` more word/cue features. */
  reserve(units: number, extra: number): void {
    if (GRAMS_PER_UNIT * units > this.grams.length) this.grams = new Int32Array(GRAMS_PER_UNIT * units);
    const needed = this.count + extra;
    if (needed <= this.pos.length) return;
    const capacity = Math.max(needed, 2 * this.pos.length);
    const pos = new Int32Array(capacity);
    const index = new Int32Array(capacity);
    pos.set(this.pos.subarray(0, this.count));
    index.set(this.index.subarray(0, this.count));
    this.pos = pos;
    this.index = index;
  }
}

/** Reused by every call that does not pass its own list: scans are synchronous. */
const SCRATCH = new Features();

/**
 * Extracts every feature occurrence of the normalized text: char n-grams anchored at their first unit,
 * words at their start, and (for the indirect set) sentence cues at the sentence start. Returns `out`,
 * valid until the next call with the same object.
 */
export function extractFeatures(norm: Normalized, cues = false, out: Features = SCRATCH): Features {
  const { codes, length } = norm;
  out.count = 0;
  out.generation++;
  // At most one word plus one bigram per two units.
  out.reserve(length, length + 2);
  // Locals, not fields: the hot loops then keep them in registers.
  const { grams, pos, index } = out;
  // Straight-line 3-, 4- and 5-grams where all fit (independent iterations pipeline well); the loop below does the tail.
  const full = fullGramUnits(length);
  for (let i = 0, slot = 0; i < full; i++) {
    const h2 = Math.imul(Math.imul(SEED_CHAR ^ (codes[i] as number), FNV_PRIME) ^ (codes[i + 1] as number), FNV_PRIME);
    const h3 = Math.imul(h2 ^ (codes[i + 2] as number), FNV_PRIME);
    const h4 = Math.imul(h3 ^ (codes[i + 3] as number), FNV_PRIME);
    const h5 = Math.imul(h4 ^ (codes[i + 4] as number), FNV_PRIME);
    grams[slot++] = gramIndex(h3);
    grams[slot++] = gramIndex(h4);
    grams[slot++] = gramIndex(h5);
  }
  for (let i = full; i < length; i++) {
    let h = SEED_CHAR;
    let slot = GRAMS_PER_UNIT * i;
    for (let k = i; k < Math.min(length, i + MAX_GRAM); k++) {
      h = Math.imul(h ^ (codes[k] as number), FNV_PRIME);
      if (k - i + 1 >= MIN_GRAM) grams[slot++] = gramIndex(h);
    }
  }
  let n = 0;
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
    pos[n] = start;
    index[n++] = (h ^ (h >>> 13)) & HASH_MASK;
    if (prevStart >= 0) {
      const b = Math.imul(Math.imul(SEED_BIGRAM ^ prevHash, FNV_PRIME) ^ h, FNV_PRIME);
      pos[n] = prevStart;
      index[n++] = (b ^ (b >>> 16)) & HASH_MASK;
    }
    prevHash = h;
    prevStart = start;
  }
  out.count = n;
  if (cues) {
    forEachCue(norm, (at, cue) => {
      const cueAt = cueIndex(cue, HASH_MASK);
      out.reserve(length, CUE_REPEAT);
      out.pos.fill(at, out.count, out.count + CUE_REPEAT);
      out.index.fill(cueAt, out.count, out.count + CUE_REPEAT);
      out.count += CUE_REPEAT;
    });
  }
  return out;
}
