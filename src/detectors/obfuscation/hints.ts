/**
 * One pass over a text's code units that tells which decoders can possibly find something in it. Each
 * hint is a necessary condition of its decoder (a run or shape its candidate pattern needs), so skipping
 * a decoder without its hint never changes a result; on ordinary prose most decoders are skipped.
 */
import { LEET_CODES, REVERSED_HIT_WORDS, ROT13_HIT_WORDS } from './ciphers.js';
import { MAX_SPACED_GAP, MIN_SPACED_LETTERS, SEPARATORS } from './symbols.js';

/** A run of MIN_ENCODED_RUN base64-alphabet characters (base64, base32 and hex runs are all such runs). */
export const ENCODED_RUN = 1;
/** A letter next to a leet character: a token mixing both, which decodeLeet needs. */
export const LEET_WORD = 2;
/** A run of 15+ Morse characters (SYMBOL_PATTERNS.morse). */
export const MORSE_RUN = 4;
/** MIN_SPACED_LETTERS lone letters, each within MAX_SPACED_GAP separators of the next (what decodeSpaced decodes). */
export const SPACED_LETTERS = 8;
/** A Braille cell that can start a run (SYMBOL_PATTERNS.braille). */
export const BRAILLE_CELL = 16;
/** Two or more tokens that rot13 or reversal could count as a hit (a qualifying run needs two). */
export const CIPHER_WORDS = 32;

/** Shortest base64, base32 or hex run the decoders consider. */
export const MIN_ENCODED_RUN = 16;
const MIN_MORSE_RUN = 15;
// Local copies: imported bindings cost a check per access in the loop below.
const MIN_SPACED = MIN_SPACED_LETTERS;
const MAX_GAP = MAX_SPACED_GAP;

const LETTER = 1;
const LEET = 2;
const MORSE = 4;
const SEPARATOR = 8;
const ENCODED = 16;
const CLASS = Uint8Array.from({ length: 128 }, (_, c) => {
  const ch = String.fromCharCode(c);
  const letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  return (
    (letter ? LETTER : 0) |
    (!letter && LEET_CODES.has(c) ? LEET : 0) |
    ('.- /'.includes(ch) ? MORSE : 0) |
    (SEPARATORS.has(c) ? SEPARATOR : 0) |
    // The base64 alphabet, url-safe variant included (LETTER | DIGIT | B64_EXTRA in decoders.ts).
    (letter || (c >= 0x30 && c <= 0x39) || '+/_-'.includes(ch) ? ENCODED : 0)
  );
});

// FNV-1a of lower-case ASCII words, computed incrementally while tokenizing.
const WORD_HASH_SEED = 0x811c9dc5 | 0;
const WORD_HASH_PRIME = 0x01000193;

function wordHash(word: string): number {
  let h = WORD_HASH_SEED;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), WORD_HASH_PRIME);
  return h;
}

const ROT13_HIT_HASHES: ReadonlySet<number> = new Set(ROT13_HIT_WORDS.map(wordHash));
const REVERSED_HIT_HASHES: ReadonlySet<number> = new Set(REVERSED_HIT_WORDS.map(wordHash));
/** Word-cipher hit candidates by hash slot (1 = rot13, 2 = reversal), confirmed against the exact hash sets. */
const ROT13_SLOT = 1;
const REVERSED_SLOT = 2;
const SLOTS = new Uint8Array(1 << 16);
for (const h of ROT13_HIT_HASHES) SLOTS[h & 0xffff] = (SLOTS[h & 0xffff] as number) | ROT13_SLOT;
for (const h of REVERSED_HIT_HASHES) SLOTS[h & 0xffff] = (SLOTS[h & 0xffff] as number) | REVERSED_SLOT;

/**
 * Called as `charCodeAt.call(text, i)`: `text.charCodeAt` looks the method up on the receiver's map, and
 * scanned strings come in many representations (flat, sliced, concatenated, one- or two-byte,
 * internalized), which soon makes that lookup megamorphic, a generic load per character.
 */
const charCodeAt = String.prototype.charCodeAt;

/** Bit set of the hints above that hold for text. */
export function decoderHints(text: string): number {
  let hints = 0;
  let prev = 0;
  let encoded = 0;
  let morse = 0;
  // Spaced-out letters: lone letters in the current chain, separators since its last one (-1: no chain),
  // and at a letter the chain length it makes if it turns out to be lone (0 otherwise).
  let lone = 0;
  let gap = -1;
  let pending = 0;
  let hash = 0;
  let rot13Words = 0;
  let reversedWords = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const code = i < n ? charCodeAt.call(text, i) : 0;
    const k = code < 128 ? (CLASS[code] as number) : 0;
    if (k & ENCODED) {
      if (++encoded >= MIN_ENCODED_RUN) hints |= ENCODED_RUN;
    } else encoded = 0;
    if (k & MORSE) {
      if (++morse >= MIN_MORSE_RUN) hints |= MORSE_RUN;
    } else morse = 0;
    if (k & LETTER) {
      if (prev & LETTER) {
        pending = 0;
        gap = -1;
      } else {
        pending = gap >= 1 && gap <= MAX_GAP ? lone + 1 : 1;
        hash = WORD_HASH_SEED;
      }
      if (prev & LEET) hints |= LEET_WORD;
      hash = Math.imul(hash ^ (code | 0x20), WORD_HASH_PRIME);
    } else {
      if (prev & LETTER) {
        const slot = SLOTS[hash & 0xffff] as number;
        if (slot & ROT13_SLOT && ROT13_HIT_HASHES.has(hash)) rot13Words++;
        if (slot & REVERSED_SLOT && REVERSED_HIT_HASHES.has(hash)) reversedWords++;
        if (pending > 0) {
          lone = pending;
          if (lone >= MIN_SPACED) hints |= SPACED_LETTERS;
          pending = 0;
          gap = 0;
        }
        if (k & LEET) hints |= LEET_WORD;
      }
      if (!(k & SEPARATOR)) gap = -1;
      else if (gap >= 0) gap++;
      if (code >= 0x2801 && code <= 0x28ff) hints |= BRAILLE_CELL;
    }
    prev = k;
  }
  if (rot13Words >= 2 || reversedWords >= 2) hints |= CIPHER_WORDS;
  return hints;
}
