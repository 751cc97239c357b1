/**
 * Typo variants of a lexicon word, precomputed at load so matching stays a hash lookup per token:
 * one deleted, doubled or swapped letter, or one letter replaced by a neighbouring QWERTY key
 * ("everthing", "ignorre", "disregrad", "instrucitons"). Only words of MIN_TYPO_LENGTH letters or more
 * get variants: on shorter words one edit too often lands on another real word.
 */

export const MIN_TYPO_LENGTH = 6;

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const NEIGHBOURS = new Map<string, string>();
ROWS.forEach((row, r) => {
  for (let c = 0; c < row.length; c++) {
    let near = (row[c - 1] ?? '') + (row[c + 1] ?? '');
    for (const other of [ROWS[r - 1], ROWS[r + 1]]) if (other !== undefined) near += other.slice(Math.max(0, c - 1), c + 1);
    NEIGHBOURS.set(row.charAt(c), near);
  }
});

/** Letters only (Latin, Cyrillic, Greek ...): scripts with combining vowel signs or no case get no variants. */
export const TYPO_PATTERNS = { word: /^[a-zà-ÿа-яё]+$/ };

/** Every string one typo away from word (the word itself excluded); empty for short or non-alphabetic words. */
export function typoVariants(word: string): string[] {
  if (word.length < MIN_TYPO_LENGTH || !TYPO_PATTERNS.word.test(word)) return [];
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) {
    const c = word.charAt(i);
    const head = word.slice(0, i);
    const tail = word.slice(i + 1);
    out.add(head + tail);
    out.add(head + c + c + tail);
    if (i + 1 < word.length) out.add(head + word.charAt(i + 1) + c + word.slice(i + 2));
    // The first letter is kept: a typo there reads as another word far more often.
    if (i > 0) for (const n of NEIGHBOURS.get(c) ?? '') out.add(head + n + tail);
  }
  out.delete(word);
  return [...out];
}
