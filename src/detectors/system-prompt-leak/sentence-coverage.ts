/**
 * Reworded leaks that keep the prompt's content words but not its phrasing: the prompt is split into sentences, each
 * sentence into ordered pairs of content-word stems at most 3 words apart (skip-bigrams, which survive inserted,
 * dropped and a few translated words). An answer that covers a good share of the pairs of at least half of the
 * prompt's sentences (and at least 3) restates the prompt; an answer restating one or two of them, such as the
 * assistant introducing itself as its prompt says, does not.
 */
import { LruCache } from '../../core/lru.js';
import { STOPWORDS } from '../shared/stopwords.js';

const WORD = /[\p{L}\p{N}]+/gu;
const SENTENCE_END = /[.!?;:\n]+/;
const STEM_CHARS = 5;
const SKIP = 3;
/** A sentence counts as restated when this share of its pairs is in the answer. */
export const SENTENCE_SHARE = 0.2;
/** Sentences with fewer pairs say too little to be recognised. */
const MIN_PAIRS = 3;
/** Restating fewer sentences than this is never reported, whatever the prompt's length. */
export const MIN_SENTENCES = 3;

function stems(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const w = m[0].toLowerCase();
    if (w.length < 2 || STOPWORDS.has(w)) continue;
    out.push(w.length > STEM_CHARS ? w.slice(0, STEM_CHARS) : w);
  }
  return out;
}

function pairs(st: readonly string[], into: Set<string> = new Set()): Set<string> {
  for (let i = 0; i < st.length; i++) for (let j = i + 1; j <= i + SKIP && j < st.length; j++) into.add(`${st[i]}\u0000${st[j]}`);
  return into;
}

const sentenceCache = new LruCache<string, Set<string>[]>(32);

function sentencesOf(prompt: string): Set<string>[] {
  return prompt
    .split(SENTENCE_END)
    .map((s) => pairs(stems(s)))
    .filter((p) => p.size >= MIN_PAIRS);
}

export interface Restatement {
  restated: number;
  sentences: number;
}

/** How many of the prompt's sentences the answer restates, or undefined when too few to be a leak. */
export function restatedSentences(prompt: string, answer: string): Restatement | undefined {
  const sentences = sentenceCache.getOrCreate(prompt, sentencesOf);
  if (sentences.length < MIN_SENTENCES) return undefined;
  const seen = pairs(stems(answer));
  let restated = 0;
  for (const s of sentences) {
    let shared = 0;
    for (const p of s) if (seen.has(p)) shared++;
    if (shared / s.size >= SENTENCE_SHARE) restated++;
  }
  const needed = Math.max(MIN_SENTENCES, Math.ceil(sentences.length / 2));
  return restated >= needed ? { restated, sentences: sentences.length } : undefined;
}
