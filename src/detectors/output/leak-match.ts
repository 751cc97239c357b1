/**
 * Finds where an output reproduces a system prompt, in time linear in the output:
 * maximal verbatim word runs (anchored on hashed 4-word shingles, extended word by word) and
 * distinct content bigrams shared with the prompt (evidence of a reworded leak).
 */
import { ANCHOR_WORDS, anchorHash, bigramKey, type PromptIndex } from './prompt-index.js';
import type { Words } from './words.js';

export interface Run {
  /** First output word of the run. */
  outStart: number;
  /** Words in the run. */
  length: number;
  /** First prompt word the run copies. */
  promptStart: number;
  /** Normalized length in chars (words joined by single spaces). */
  chars: number;
}

export interface LeakMatch {
  runs: Run[];
  /** Output word positions where a shared content bigram starts. */
  bigramStarts: number[];
  /** Distinct prompt content bigrams seen in the output. */
  distinctBigrams: number;
}

export function outputIds(index: PromptIndex, words: Words): Int32Array {
  const ids = new Int32Array(words.text.length);
  for (let i = 0; i < ids.length; i++) ids[i] = index.vocab.get(words.text[i] as string) ?? -1;
  return ids;
}

export function findRuns(index: PromptIndex, ids: Int32Array, words: Words): Run[] {
  const runs: Run[] = [];
  const { seq, anchors } = index;
  const n = ids.length;
  let i = 0;
  while (i + ANCHOR_WORDS <= n) {
    let unknown = -1;
    for (let k = ANCHOR_WORDS - 1; k >= 0; k--) {
      if ((ids[i + k] as number) < 0) {
        unknown = i + k;
        break;
      }
    }
    if (unknown >= 0) {
      i = unknown + 1;
      continue;
    }
    let best = 0;
    let bestAt = -1;
    for (const p of anchors.get(anchorHash(ids, i)) ?? []) {
      let len = 0;
      while (i + len < n && p + len < seq.length && ids[i + len] === seq[p + len]) len++;
      if (len >= ANCHOR_WORDS && len > best) {
        best = len;
        bestAt = p;
      }
    }
    if (best === 0) {
      i++;
      continue;
    }
    let chars = best - 1;
    for (let k = i; k < i + best; k++) chars += (words.text[k] as string).length;
    runs.push({ outStart: i, length: best, promptStart: bestAt, chars });
    i += best;
  }
  return runs;
}

export function sharedBigrams(index: PromptIndex, ids: Int32Array): Pick<LeakMatch, 'bigramStarts' | 'distinctBigrams'> {
  const seen = new Set<number>();
  const bigramStarts: number[] = [];
  for (let i = 0; i + 1 < ids.length; i++) {
    const a = ids[i] as number;
    const b = ids[i + 1] as number;
    if (a < 0 || b < 0) continue;
    const key = bigramKey(a, b);
    if (!index.contentBigrams.has(key)) continue;
    seen.add(key);
    bigramStarts.push(i);
  }
  return { bigramStarts, distinctBigrams: seen.size };
}

/** Fraction of the prompt's normalized chars covered by the given runs (each prompt word counted once). */
export function promptCoverage(index: PromptIndex, runs: readonly Run[]): number {
  if (index.normalizedChars === 0 || runs.length === 0) return 0;
  const covered = new Uint8Array(index.seq.length);
  let chars = 0;
  for (const r of runs) {
    for (let k = r.promptStart; k < r.promptStart + r.length; k++) {
      if (covered[k]) continue;
      covered[k] = 1;
      chars += (index.lens[k] as number) + 1;
    }
  }
  return Math.min(1, chars / index.normalizedChars);
}
