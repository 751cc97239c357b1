/**
 * The forms a canary can take in text: as written, with separators inserted, reversed, ROT13, base64 (every
 * byte alignment, so it is found inside a longer encoded blob) and hex.
 */
import { skeletonOf, lowerSameLength } from '../shared/skeleton.js';

/** Skeleton needles shorter than this would match by chance, so short canaries are only matched as written. */
export const MIN_NEEDLE_CHARS = 8;
/** Reversal is only checked for long canaries: short reversed strings occur naturally. */
const MIN_REVERSED_CHARS = 12;

export type CanaryForm = 'exact' | 'spaced' | 'reversed' | 'rot13' | 'base64' | 'hex';

export interface Needle {
  form: CanaryForm;
  /** Text to find. */
  value: string;
  /** exact: lowercased original text; lower: lowercased skeleton; cased: skeleton, case-sensitive. */
  target: 'exact' | 'lower' | 'cased';
}

function rot13(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 97 && c <= 122 ? String.fromCharCode(((c - 97 + 13) % 26) + 97) : s[i];
  }
  return out;
}

/** Base64 chars fully determined by the canary's bytes when it starts `shift` bytes into a block. */
function base64Core(bytes: Buffer, shift: number): string {
  const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
  const from = Math.ceil((8 * shift) / 6);
  const to = Math.floor((8 * (shift + bytes.length)) / 6);
  return encoded.slice(from, to);
}

export function needlesFor(canary: string): Needle[] {
  const needles: Needle[] = [{ form: 'exact', value: lowerSameLength(canary), target: 'exact' }];
  const skeleton = lowerSameLength(skeletonOf(canary));
  if (skeleton.length >= MIN_NEEDLE_CHARS) {
    needles.push({ form: 'spaced', value: skeleton, target: 'lower' });
    const hex = Buffer.from(canary, 'utf8').toString('hex');
    needles.push({ form: 'hex', value: hex, target: 'lower' });
  }
  if (skeleton.length >= MIN_REVERSED_CHARS) {
    needles.push({ form: 'reversed', value: [...skeleton].reverse().join(''), target: 'lower' });
  }
  const rotated = rot13(skeleton);
  if (skeleton.length >= MIN_NEEDLE_CHARS && rotated !== skeleton) needles.push({ form: 'rot13', value: rotated, target: 'lower' });
  const bytes = Buffer.from(canary, 'utf8');
  const seen = new Set<string>();
  for (let shift = 0; shift < 3; shift++) {
    const core = skeletonOf(base64Core(bytes, shift));
    if (core.length < MIN_NEEDLE_CHARS || seen.has(core)) continue;
    seen.add(core);
    needles.push({ form: 'base64', value: core, target: 'cased' });
  }
  return needles;
}

/** ASCII characters the skeleton keeps, taken from skeletonOf so the two agree. */
const KEPT = Uint8Array.from({ length: 128 }, (_, c) => (skeletonOf(String.fromCharCode(c)).length === 1 ? 1 : 0));

/** Needles a SkeletonFilter tracks (needlesFor makes at most 7 skeleton needles): one 4-bit lane each. */
const MAX_TRACKED = 8;
const LANE_MAX = 15;
const LANE_ONES = 0x11111111;
const LANE_HIGHS = 0x88888888 | 0;

/**
 * A necessary condition for the skeleton needles (every target but `exact`), checked on the raw text so
 * that the skeleton is only built when a needle may be in it: a needle of length L needs a run of L
 * consecutive kept characters each equal to one of its characters (either case for lower-case targets).
 * Runs are counted down in 4-bit lanes of one integer, one lane per needle, from min(L, 15). A non-ASCII
 * character counts as a match for every needle, which keeps the test exact without modelling its folding.
 */
export class SkeletonFilter {
  /** Per ASCII character, 0xf in the lanes of the needles it can stand for. */
  private readonly members = new Int32Array(128);
  /** Per ASCII character, the starting count in the lanes it resets. */
  private readonly resets = new Int32Array(128);
  private readonly start: number;
  /** Lanes of the tracked needles: what a non-ASCII character stands for. */
  private readonly all: number;

  constructor(needles: readonly Needle[]) {
    const tracked = needles.filter((n) => n.target !== 'exact');
    if (tracked.length > MAX_TRACKED) throw new Error(`SkeletonFilter tracks at most ${MAX_TRACKED} needles`);
    let start = 0;
    let all = 0;
    tracked.forEach((needle, j) => {
      const lane = 0xf << (4 * j);
      start |= Math.min(needle.value.length, LANE_MAX) << (4 * j);
      all |= lane;
      for (let i = 0; i < needle.value.length; i++) {
        const c = needle.value.charCodeAt(i);
        if (c >= 128) continue;
        this.members[c] = (this.members[c] as number) | lane;
        if (needle.target === 'lower' && c >= 97 && c <= 122) this.members[c - 32] = (this.members[c - 32] as number) | lane;
      }
    });
    // Lanes of untracked needles never count down.
    for (let j = tracked.length; j < MAX_TRACKED; j++) start |= LANE_MAX << (4 * j);
    for (let c = 0; c < 128; c++) this.resets[c] = start & ~(this.members[c] as number);
    this.start = start;
    this.all = all;
  }

  /** False when no skeleton needle can occur in the skeleton of text. */
  mayMatch(text: string): boolean {
    if (this.all === 0) return false;
    let counts = this.start;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        if (KEPT[c] === 0) continue;
        counts = ((counts - LANE_ONES) & (this.members[c] as number)) | (this.resets[c] as number);
      } else counts = ((counts - LANE_ONES) & this.all) | (this.start & ~this.all);
      // Some lane reached zero: a run as long as its needle (no lane is ever decremented from zero).
      if (((counts - LANE_ONES) & ~counts & LANE_HIGHS) !== 0) return true;
    }
    return false;
  }
}
