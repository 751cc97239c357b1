/**
 * Precomputed view of a system prompt for leak detection: word ids, anchor shingles for verbatim runs
 * and distinct content bigrams for paraphrase coverage. Built once per prompt and cached.
 */
import { buildCharIndex, type CharIndex } from './char-runs.js';
import { LruCache } from '../../core/lru.js';
import { maskUrls } from './mask-urls.js';
import { STOPWORDS } from '../shared/stopwords.js';
import { tokenize } from './words.js';

/** Words per anchor shingle: a verbatim run must be at least this long to be found. */
export const ANCHOR_WORDS = 4;
/** Prompt positions remembered per anchor; bounds the work when a prompt repeats a phrase. */
const MAX_ANCHOR_POSITIONS = 8;
/** Bigram keys pack two ids; ids stay far below this. */
const ID_RADIX = 2 ** 26;

export interface PromptIndex {
  /** Lowercased word -> id. */
  vocab: Map<string, number>;
  /** wordHash of each all-ASCII vocab word -> its id, or SHARED_HASH when two words share the hash. */
  asciiVocab: Map<number, number>;
  /** Vocab words by id. */
  words: string[];
  /** The prompt as word ids. */
  seq: Int32Array;
  /** Length in chars of each prompt word. */
  lens: Int32Array;
  /** Length of the prompt normalized to single-spaced lowercase words. */
  normalizedChars: number;
  /** Hash of ANCHOR_WORDS consecutive ids -> prompt positions where it starts. */
  anchors: Map<number, number[]>;
  /** Distinct bigrams (packed ids) with at least one non-stopword. */
  contentBigrams: Set<number>;
  /** Character-level index of the prompt's letter/digit skeleton. */
  chars: CharIndex;
}

export function anchorHash(seq: ArrayLike<number>, at: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < ANCHOR_WORDS; k++) h = Math.imul(h ^ (seq[at + k] as number), 0x01000193);
  return h >>> 0;
}

/** A hash two ASCII vocab words share: the output looks such words up by string. */
export const SHARED_HASH = -2;

/** FNV-1a step over one UTF-16 unit; wordHash folds these over a word's lowercased units. */
export function hashUnit(h: number, unit: number): number {
  return Math.imul(h ^ unit, 0x01000193);
}

export const HASH_SEED = 0x811c9dc5;

function wordHash(word: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < word.length; i++) h = hashUnit(h, word.charCodeAt(i));
  return h;
}

export function bigramKey(a: number, b: number): number {
  return a * ID_RADIX + b;
}

/** URLs in the prompt are left out: repeating a link the prompt gives is not a leak. */
export function buildPromptIndex(prompt: string): PromptIndex {
  const masked = maskUrls(prompt);
  const tokens = tokenize(masked);
  const n = tokens.text.length;
  const vocab = new Map<string, number>();
  const seq = new Int32Array(n);
  const lens = new Int32Array(n);
  let normalizedChars = Math.max(0, n - 1);
  for (let i = 0; i < n; i++) {
    const w = tokens.text[i] as string;
    let id = vocab.get(w);
    if (id === undefined) {
      id = vocab.size;
      vocab.set(w, id);
    }
    seq[i] = id;
    lens[i] = w.length;
    normalizedChars += w.length;
  }
  const words = [...vocab.keys()];
  const asciiVocab = new Map<number, number>();
  words.forEach((w, id) => {
    if (!/^[\x00-\x7f]*$/.test(w)) return;
    const h = wordHash(w);
    asciiVocab.set(h, asciiVocab.has(h) ? SHARED_HASH : id);
  });
  const anchors = new Map<number, number[]>();
  for (let i = 0; i + ANCHOR_WORDS <= n; i++) {
    const h = anchorHash(seq, i);
    const list = anchors.get(h);
    if (!list) anchors.set(h, [i]);
    else if (list.length < MAX_ANCHOR_POSITIONS) list.push(i);
  }
  const contentBigrams = new Set<number>();
  for (let i = 0; i + 1 < n; i++) {
    if (STOPWORDS.has(tokens.text[i] as string) && STOPWORDS.has(tokens.text[i + 1] as string)) continue;
    contentBigrams.add(bigramKey(seq[i] as number, seq[i + 1] as number));
  }
  return { vocab, asciiVocab, words, seq, lens, normalizedChars, anchors, contentBigrams, chars: buildCharIndex(masked) };
}

const cache = new LruCache<string, PromptIndex>(32);

/** Cached by prompt text: a deployment has few distinct system prompts. */
export function promptIndexFor(prompt: string): PromptIndex {
  return cache.getOrCreate(prompt, buildPromptIndex);
}
