/**
 * Exact literal prefilter for groups of regexes. Each phrase (regex alternative) needs some literals to
 * be present (literals.ts); one pass over the text finds which are, and a key's regex runs only when one
 * of its phrases has all its checked literal sets present. Skipping a regex (or a phrase) that cannot
 * match changes no result; on ordinary text it skips nearly all of them.
 */
import { requiredLiterals, setRarity } from './literals.js';

export interface PrefilterOptions {
  /** Sets checked per phrase: the rarest gates the phrase, the next ones cut coincidental hits. */
  setsPerPhrase: number;
  /** Sets whose commonest member is this common ("a", "to") cost scan hits and reject almost nothing. */
  minRarity: number;
  /**
   * Literals are lowercased and the scanned text must be too: for case-insensitive sources. Only ASCII
   * literals are kept then, whose lowercase form survives toLowerCase of any text around them.
   */
  foldCase: boolean;
}

export interface Prefilter<K extends string> {
  /** Per key, its phrases as the set ids each needs; a phrase with no usable set needs nothing. */
  phrases: ReadonlyMap<K, readonly (readonly number[])[]>;
  setCount: number;
  /** Every checked literal, by literal id. */
  literals: readonly string[];
  /** Per literal id, the ids of the sets it belongs to. */
  setsOfLiteral: readonly (readonly number[])[];
  /** Literals of 3+ units by the slot of their first gram (see anchorSlot): ids bucketStart[s] until bucketStart[s + 1] of bucketed. */
  bucketStart: Int32Array;
  bucketed: Int32Array;
  /** Per bucketed entry, the rolling window of its literal's first gram: equal windows before any compare. */
  bucketWindow: Int32Array;
  /**
   * One bit per slot whose bucket holds a literal of 3 units (occupied3) or of 4+ (occupied4). Few slots are
   * occupied (about 1 in 13), so the text pass reads these 2 KB bitmaps and only rarely the 64 KB bucketStart:
   * with the CPU caches evicted between requests, most of bucketStart's lines were a miss on every scan.
   */
  occupied3: Int32Array;
  occupied4: Int32Array;
  /** Ids of the literals shorter than a gram, looked for with includes. */
  short: readonly number[];
  /** Per short literal, the OR of its units: a text whose units OR to fewer bits cannot contain it. */
  shortUnitBits: readonly number[];
}

/** Bits of a gram slot: few enough that the bucket table stays small, enough that few text grams hit a bucket. */
const SLOT_BITS = 14;

/**
 * Slots of the grams ending at a unit, from a rolling window (each unit xor-ed in after a shift of 8, so
 * the low 24 bits depend only on the last 3 units and all 32 on the last 4).
 */
function slot3(window3: number): number {
  return Math.imul(window3, 0x9e3779b1) >>> (32 - SLOT_BITS);
}

function slot4(window: number): number {
  return Math.imul(window, 0x85ebca6b) >>> (32 - SLOT_BITS);
}

/** Rolling window after a literal's first 4 units (its 3 units when it has only 3), as the text pass masks it. */
function anchorWindow(literal: string): number {
  let window = 0;
  for (let i = 0; i < Math.min(4, literal.length); i++) window = (window << 8) ^ literal.charCodeAt(i);
  return literal.length === 3 ? window & 0xffffff : window;
}

function anchorSlot(literal: string): number {
  return literal.length === 3 ? slot3(anchorWindow(literal)) : slot4(anchorWindow(literal));
}

/**
 * Builds the prefilter of keyed phrases. A phrase is the list of regex sources that must all match for it
 * to match (usually one); a key may match when any of its phrases may.
 */
export function buildPrefilter<K extends string>(phrases: ReadonlyMap<K, readonly (readonly string[])[]>, options: PrefilterOptions): Prefilter<K> {
  const setIds = new Map<string, number>();
  const literalSets = new Map<string, number[]>();
  const idOf = (set: readonly string[]): number => {
    const name = [...set].sort().join('\u0000');
    let id = setIds.get(name);
    if (id === undefined) {
      id = setIds.size;
      setIds.set(name, id);
      for (const lit of set) literalSets.set(lit, [...(literalSets.get(lit) ?? []), id]);
    }
    return id;
  };
  const needsByKey = new Map<K, number[][]>();
  for (const [key, list] of phrases) {
    needsByKey.set(key, list.map((sources) => sources.flatMap((source) => checkedSets(source, options)).map(idOf)));
  }
  const literals = [...literalSets.keys()];
  const buckets = Array.from({ length: 1 << SLOT_BITS }, (): number[] => []);
  const short: number[] = [];
  literals.forEach((lit, id) => (lit.length < 3 ? short : (buckets[anchorSlot(lit)] as number[])).push(id));
  const bucketStart = new Int32Array(buckets.length + 1);
  buckets.forEach((bucket, s) => (bucketStart[s + 1] = (bucketStart[s] as number) + bucket.length));
  const bucketed = Int32Array.from(buckets.flat());
  const occupied3 = new Int32Array(1 << (SLOT_BITS - 5));
  const occupied4 = new Int32Array(1 << (SLOT_BITS - 5));
  literals.forEach((lit) => {
    if (lit.length < 3) return;
    const s = anchorSlot(lit);
    const bits = lit.length === 3 ? occupied3 : occupied4;
    bits[s >>> 5] = (bits[s >>> 5] as number) | (1 << (s & 31));
  });
  return {
    phrases: needsByKey,
    setCount: setIds.size,
    literals,
    setsOfLiteral: [...literalSets.values()],
    bucketStart,
    bucketed,
    bucketWindow: bucketed.map((id) => anchorWindow(literals[id] as string)),
    occupied3,
    occupied4,
    short,
    shortUnitBits: short.map((id) => unitBits(literals[id] as string)),
  };
}

function unitBits(text: string): number {
  let bits = 0;
  for (let i = 0; i < text.length; i++) bits |= text.charCodeAt(i);
  return bits;
}

function checkedSets(source: string, o: PrefilterOptions): string[][] {
  let sets = requiredLiterals(source);
  if (o.foldCase) {
    sets = sets.filter((set) => set.every((lit) => /^[\x00-\x7f]*$/.test(lit))).map((set) => [...new Set(set.map((lit) => lit.toLowerCase()))]);
  }
  return sets.filter((set) => setRarity(set) >= o.minRarity).slice(0, o.setsPerPhrase);
}

/**
 * Called as `charCodeAt.call(text, i)`: `text.charCodeAt` looks the method up on the receiver's map, which
 * goes megamorphic once texts of several string representations (flat, sliced, concatenated, one- or
 * two-byte) reach the loop. Same for startsWith.
 */
const charCodeAt = String.prototype.charCodeAt;
const startsWith = String.prototype.startsWith;

/** Whether every set of `sets` is flagged in present. */
function allPresent(sets: readonly number[], present: Uint8Array): boolean {
  for (let j = 0; j < sets.length; j++) if (present[sets[j] as number] !== 1) return false;
  return true;
}

/** Literal id of a bucket entry whose first gram equals the text's at start: compared in place, unless its sets are all found. */
function markIfPresent(prefilter: Prefilter<string>, present: Uint8Array, text: string, id: number, start: number): void {
  const sets = prefilter.setsOfLiteral[id] as readonly number[];
  if (allPresent(sets, present) || !startsWith.call(text, prefilter.literals[id] as string, start)) return;
  for (let j = 0; j < sets.length; j++) present[sets[j] as number] = 1;
}

/**
 * Flags of the sets with a literal present in text (folded as the options say). One pass: at each unit, the
 * literals whose first gram hashes like the gram ending there are compared in place, so every occurrence
 * is found (overlapping ones too) and a hash collision costs only a failed compare. Hand-rolled (a small
 * hashed Aho-Corasick stand-in): a regex alternation of the 1.4k literals cost about 4x as much per KB.
 */
export function presentSets(prefilter: Prefilter<string>, text: string): Uint8Array {
  const present = new Uint8Array(prefilter.setCount);
  const { bucketStart, bucketed, bucketWindow, occupied3, occupied4, short, shortUnitBits } = prefilter;
  const units = text.length;
  let window = 0;
  let textBits = 0;
  for (let i = 0; i < units; i++) {
    const unit = charCodeAt.call(text, i);
    textBits |= unit;
    window = (window << 8) ^ unit;
    const window3 = window & 0xffffff;
    const s3 = slot3(window3);
    if (((occupied3[s3 >>> 5] as number) & (1 << (s3 & 31))) !== 0) {
      for (let b = bucketStart[s3] as number, end = bucketStart[s3 + 1] as number; b < end; b++) {
        if (bucketWindow[b] === window3) markIfPresent(prefilter, present, text, bucketed[b] as number, i - 2);
      }
    }
    const s4 = slot4(window);
    if (((occupied4[s4 >>> 5] as number) & (1 << (s4 & 31))) !== 0) {
      for (let b = bucketStart[s4] as number, end = bucketStart[s4 + 1] as number; b < end; b++) {
        if (bucketWindow[b] === window) markIfPresent(prefilter, present, text, bucketed[b] as number, i - 3);
      }
    }
  }
  for (let k = 0; k < short.length; k++) {
    const id = short[k] as number;
    const bits = shortUnitBits[k] as number;
    if ((bits & textBits) === bits && text.includes(prefilter.literals[id] as string)) {
      for (const set of prefilter.setsOfLiteral[id] as readonly number[]) present[set] = 1;
    }
  }
  return present;
}

/** False when no phrase of key can match a text with these sets present. */
export function mayMatch<K extends string>(prefilter: Prefilter<K>, key: K, present: Uint8Array): boolean {
  const needs = prefilter.phrases.get(key);
  if (needs === undefined) return true;
  for (let i = 0; i < needs.length; i++) if (allPresent(needs[i] as readonly number[], present)) return true;
  return false;
}

/** Indices of key's phrases that can match a text with these sets present, ascending: mayMatch is true iff this is not empty. */
export function possiblePhrases<K extends string>(prefilter: Prefilter<K>, key: K, present: Uint8Array): number[] {
  const needs = prefilter.phrases.get(key) ?? [];
  const out: number[] = [];
  for (let i = 0; i < needs.length; i++) if (allPresent(needs[i] as readonly number[], present)) out.push(i);
  return out;
}
