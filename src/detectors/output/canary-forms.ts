/**
 * The forms a canary can take in text: as written, with separators inserted, reversed, ROT13, base64 (every
 * byte alignment, so it is found inside a longer encoded blob) and hex.
 */
import { skeletonOf, lowerSameLength } from './skeleton.js';

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
