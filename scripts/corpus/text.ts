/** Text helpers of the corpus builder: the dedup key, length limits, seeded sampling. */
import { createHash } from 'node:crypto';

/**
 * Dedup key: NFKC, case-folded, whitespace collapsed and trimmed — the same normalisation as the shared
 * developer datasets (Python `casefold`); JS has no casefold, so the two folds that differ from
 * `toLowerCase` in practice (ß, final sigma) are applied by hand.
 */
export function dedupKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ς/g, 'σ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function keyHash(text: string): string {
  return createHash('sha256').update(dedupKey(text)).digest('hex').slice(0, 32);
}

export const MIN_CHARS = 8;
export const MAX_CHARS = 8_000;

/**
 * Applies the length limits. Benign documents longer than MAX_CHARS are cut at the last line break
 * (or space) before the limit; attacks are never cut (the payload could be lost), they are dropped.
 */
export function fitLength(text: string, cuttable: boolean): string | undefined {
  const trimmed = text.trim();
  if (trimmed.length < MIN_CHARS) return undefined;
  if (trimmed.length <= MAX_CHARS) return trimmed;
  if (!cuttable) return undefined;
  const head = trimmed.slice(0, MAX_CHARS);
  const cut = Math.max(head.lastIndexOf('\n'), head.lastIndexOf(' '));
  return (cut > MAX_CHARS / 2 ? head.slice(0, cut) : head).trim();
}

/** Fisher–Yates with the given PRNG; returns a new array. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/** A seed from a string, so each source samples with its own stable stream. */
export function seedOf(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32LE(0);
}

export function pick<T>(items: readonly T[], random: () => number): T {
  if (items.length === 0) throw new Error('corpus: pick from an empty list');
  return items[Math.floor(random() * items.length)] as T;
}
