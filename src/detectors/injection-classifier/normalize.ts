/**
 * The text every classifier feature is read from: lowercased, digit-folded, whitespace-collapsed and
 * without zero-width characters, with each unit's offset back into the original.
 */
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

// The range tests come first so printable ASCII, the common case, leaves after one or two comparisons.
function isSpace(c: number): boolean {
  return c <= 0x20 || (c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000));
}

/**
 * Zero-width characters are dropped so they cannot split features, and so are Arabic tatweel and the optional
 * vowel marks (harakat, U+064B-065F, U+0670): the same word is written with or without them.
 */
function isInvisible(c: number): boolean {
  return c >= 0xad && ((c >= 0x200b && c <= 0x200f) || c === 0xfeff || c === 0x2060 || c === 0xad || (c >= 0x640 && c <= 0x670 && (c === 0x640 || c >= 0x64b)));
}

/** Lowercase of each non-ASCII BMP unit, filled on first use (0 = not yet): toLowerCase allocates a string per call. */
const LOWER = new Uint16Array(0x10000);

function lowerUnit(c: number): number {
  let lower = LOWER[c] as number;
  if (lower === 0) {
    const s = String.fromCharCode(c).toLowerCase();
    // Turkish İ lowercases to i + combining dot above: keep the i, as for every other capital.
    lower = s.length === 1 || (s.length === 2 && s.charCodeAt(1) === 0x307) ? s.charCodeAt(0) : c;
    LOWER[c] = lower;
  }
  return lower;
}

/**
 * Called as `charCodeAt.call(text, i)`: `text.charCodeAt` looks the method up on the receiver's map, and
 * scanned strings come in many representations (flat, sliced, concatenated, one- or two-byte,
 * internalized), which soon makes that lookup megamorphic, a generic load per character.
 */
const charCodeAt = String.prototype.charCodeAt;

/**
 * Normalizes `text`, writing into `reuse` when its arrays are large enough: allocating three typed
 * arrays per scan cost more than the normalization itself.
 */
export function normalize(text: string, reuse?: Normalized): Normalized {
  const units = text.length;
  const fits = reuse !== undefined && reuse.codes.length >= units;
  const codes = fits ? reuse.codes : new Uint16Array(units);
  const offsets = fits ? reuse.offsets : new Uint32Array(units);
  const breaks = fits ? reuse.breaks : new Uint8Array(units);
  let n = 0;
  let lastSpace = true;
  let lineBreak = false;
  for (let i = 0; i < units; i++) {
    let c = charCodeAt.call(text, i);
    if (isSpace(c)) {
      if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) lineBreak = true;
      if (!lastSpace) {
        codes[n] = SPACE;
        breaks[n] = 0;
        offsets[n++] = i;
      }
      lastSpace = true;
      continue;
    }
    if (isInvisible(c)) continue;
    if (c >= 0x41 && c <= 0x5a) c += 32;
    else if (c >= 0x30 && c <= 0x39) c = 0x30;
    else if (c >= 0xc0 && (c < 0xd800 || c > 0xdfff)) c = lowerUnit(c);
    breaks[n] = lineBreak ? 1 : 0;
    lineBreak = false;
    codes[n] = c;
    offsets[n++] = i;
    lastSpace = false;
  }
  if (n > 0 && codes[n - 1] === SPACE) n--;
  if (!fits) return { codes, offsets, breaks, length: n };
  reuse.length = n;
  return reuse;
}
