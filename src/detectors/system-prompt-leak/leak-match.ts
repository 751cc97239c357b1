/**
 * Finds where an output reproduces a system prompt, in time linear in the output:
 * maximal verbatim word runs (anchored on hashed 4-word shingles, extended word by word) and
 * distinct content bigrams shared with the prompt (evidence of a reworded leak).
 */
import { ANCHOR_WORDS, HASH_SEED, SHARED_HASH, anchorHash, bigramKey, hashUnit, type PromptIndex } from './prompt-index.js';
import { forEachWord } from './words.js';

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

/** The output's words (tokenize's bounds) as prompt vocab ids, -1 for words the prompt lacks. */
export interface OutputWords {
  ids: number[];
  start: number[];
  end: number[];
  /** Length of each lowercased word. */
  lens: number[];
}

/**
 * Looks words up without building their lowercased strings when they are ASCII (nearly always): an
 * ASCII word lowercases unit by unit, so hashing its lowered units and comparing with the one vocab word
 * of that hash gives the id the string lookup would.
 */
export function outputWords(index: PromptIndex, text: string): OutputWords {
  const out: OutputWords = { ids: [], start: [], end: [], lens: [] };
  forEachWord(text, (s, e) => {
    let h = HASH_SEED;
    let ascii = true;
    for (let i = s; i < e && ascii; i++) {
      const c = text.charCodeAt(i);
      ascii = c < 0x80;
      h = hashUnit(h, c >= 65 && c <= 90 ? c + 32 : c);
    }
    let id: number;
    let len = e - s;
    const hit = ascii ? index.asciiVocab.get(h) : SHARED_HASH;
    if (hit === SHARED_HASH) {
      const word = text.slice(s, e).toLowerCase();
      id = index.vocab.get(word) ?? -1;
      len = word.length;
    } else {
      id = hit !== undefined && sameLowered(text, s, e, index.words[hit] as string) ? hit : -1;
    }
    out.ids.push(id);
    out.start.push(s);
    out.end.push(e);
    out.lens.push(len);
  });
  return out;
}

/** Whether ASCII text[s, e) lowercases to word. */
function sameLowered(text: string, s: number, e: number, word: string): boolean {
  if (word.length !== e - s) return false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== word.charCodeAt(i - s)) return false;
  }
  return true;
}

export function findRuns(index: PromptIndex, words: OutputWords): Run[] {
  const runs: Run[] = [];
  const { seq, anchors } = index;
  const { ids, lens } = words;
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
    for (let k = i; k < i + best; k++) chars += lens[k] as number;
    runs.push({ outStart: i, length: best, promptStart: bestAt, chars });
    i += best;
  }
  return runs;
}

export function sharedBigrams(index: PromptIndex, ids: readonly number[]): Pick<LeakMatch, 'bigramStarts' | 'distinctBigrams'> {
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
