/**
 * Letters-and-digits skeleton of a text with a map back to original offsets. Matching on the skeleton
 * sees through separators a model or attacker inserts (spaces, zero-width characters, dashes, dots).
 */

/** Called as `charCodeAt.call(s, i)`: `s.charCodeAt` goes megamorphic once strings of several representations reach the loop. */
const charCodeAt = String.prototype.charCodeAt;

export const ASCII_UPPER = /[A-Z]/g;

export interface Skeleton {
  /** Letters and digits of the text, case preserved. */
  text: string;
  /** Same as text, lowercased (same length). */
  lower: string;
  /** Original offset of each skeleton char. */
  map: Int32Array;
}

/** Whether a UTF-16 unit belongs to the skeleton. */
export function keep(c: number): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  // Drop invisible/format characters and spaces; keep other non-ASCII so foreign letters still separate tokens.
  if (c <= 0xa0 || c === 0xad || c === 0x034f || c === 0x061c || c === 0x180e) return false;
  if ((c >= 0x2000 && c <= 0x206f) || c === 0x3000 || c === 0xfeff || (c >= 0xfe00 && c <= 0xfe0f)) return false;
  return true;
}

/** Lowercases without changing length (falls back to A-Z only when a char would expand), so offsets hold. */
export function lowerSameLength(s: string): string {
  const lowered = s.toLowerCase();
  if (lowered.length === s.length) return lowered;
  return s.replace(ASCII_UPPER, (c) => c.toLowerCase());
}

/** Skeleton of a needle (no offsets needed). */
export function skeletonOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) if (keep(charCodeAt.call(s, i))) out += s[i];
  return out;
}

export function buildSkeleton(text: string): Skeleton {
  const map = new Int32Array(text.length);
  const parts: string[] = [];
  let n = 0;
  let runStart = -1;
  for (let i = 0; i <= text.length; i++) {
    const kept = i < text.length && keep(charCodeAt.call(text, i));
    if (kept) {
      if (runStart < 0) runStart = i;
      map[n++] = i;
    } else if (runStart >= 0) {
      parts.push(text.slice(runStart, i));
      runStart = -1;
    }
  }
  const joined = parts.join('');
  return { text: joined, lower: lowerSameLength(joined), map: map.subarray(0, n) };
}

/** Original span covered by skeleton chars [from, to). */
export function skeletonSpan(sk: Skeleton, from: number, to: number): { start: number; end: number } {
  return { start: sk.map[from] as number, end: (sk.map[to - 1] as number) + 1 };
}
