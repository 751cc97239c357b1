/**
 * system-prompt-leak: flags outputs that reproduce the request's system prompt, verbatim (long shared
 * word runs, or long shared letter sequences when words were glued or spaced out) or reworded (many
 * shared content bigrams). Linear in the output; the prompt is indexed once and cached.
 */
import { z } from 'zod';
import type { Detector, RawFinding, Span } from '../spec/types.js';
import { findCharRuns, mayShareWindow } from './system-prompt-leak/char-runs.js';
import { findRuns, outputWords, promptCoverage, sharedBigrams, type OutputWords } from './system-prompt-leak/leak-match.js';
import { maskUrls } from './system-prompt-leak/mask-urls.js';
import { promptIndexFor, type PromptIndex } from './system-prompt-leak/prompt-index.js';
import { restatedSentences } from './system-prompt-leak/sentence-coverage.js';
import { buildSkeleton, skeletonSpan } from './shared/skeleton.js';

/** Output a streaming scanner must hold back so a minimal verbatim run is seen whole (default options, loose whitespace). */
export const MAX_PATTERN_CHARS = 256;
/** A reworded leak must share at least this many distinct content bigrams with the prompt. */
export const MIN_PARAPHRASE_BIGRAMS = 6;
/** Letters and digits are about this share of normalized text (the rest are spaces). */
const SKELETON_SHARE = 0.85;
/** A run this many times min_overlap_chars long scores 1 whatever the prompt size. */
const FULL_SCORE_RATIO = 5;

const shape = {
  min_overlap_chars: z
    .number()
    .int()
    .min(30)
    .default(40)
    .describe('Shortest verbatim run (normalized chars) of the system prompt that counts as a leak'),
  min_fraction: z
    .number()
    .min(0.01)
    .max(1)
    .default(0.3)
    .describe('Fraction of the prompt reproduced at which a verbatim leak scores 1 and a reworded leak is reported'),
  paraphrase: z.boolean().default(true).describe('Also report reworded leaks (shared content bigrams)'),
};

type Options = z.infer<z.ZodObject<typeof shape>>;

interface Verbatim {
  spans: Span[];
  /** Longest run divided by the minimum run length. */
  longestRatio: number;
  fraction: number;
  how: 'words' | 'glued' | 'reversed';
}

function spanOf(words: OutputWords, first: number, last: number): Span {
  return { start: words.start[first] as number, end: words.end[last] as number };
}

/** Merges spans that touch or are separated by at most `gap` chars; input sorted by start. */
function mergeSpans(spans: Span[], gap: number): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    if (prev && s.start <= prev.end + gap) prev.end = Math.max(prev.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

function wordVerbatim(index: PromptIndex, words: OutputWords, o: Options): Verbatim | null {
  const runs = findRuns(index, words).filter((r) => r.chars >= o.min_overlap_chars);
  if (runs.length === 0) return null;
  return {
    spans: mergeSpans(runs.map((r) => spanOf(words, r.outStart, r.outStart + r.length - 1)), 1),
    longestRatio: runs.reduce((m, r) => Math.max(m, r.chars), 0) / o.min_overlap_chars,
    fraction: promptCoverage(index, runs),
    how: 'words',
  };
}

function charVerbatim(index: PromptIndex, masked: string, o: Options): Verbatim | null {
  if (!mayShareWindow(index.chars, masked)) return null;
  const minChars = Math.ceil(o.min_overlap_chars * SKELETON_SHARE);
  const sk = buildSkeleton(masked);
  const n = sk.lower.length;
  // Reversed by UTF-16 unit to match the offset map, so a prompt printed backwards matches forwards.
  for (const how of ['glued', 'reversed'] as const) {
    const text = how === 'glued' ? sk.lower : sk.lower.split('').reverse().join('');
    const runs = findCharRuns(index.chars, text).filter((r) => r.length >= minChars);
    if (runs.length === 0) continue;
    const covered = new Uint8Array(index.chars.text.length);
    for (const r of runs) covered.fill(1, r.promptStart, r.promptStart + r.length);
    const spans = runs.map((r) =>
      how === 'glued' ? skeletonSpan(sk, r.start, r.start + r.length) : skeletonSpan(sk, n - r.start - r.length, n - r.start),
    );
    return {
      spans: mergeSpans(spans.sort((x, y) => x.start - y.start), 1),
      longestRatio: runs.reduce((m, r) => Math.max(m, r.length), 0) / minChars,
      fraction: covered.reduce((c, v) => c + v, 0) / Math.max(1, index.chars.text.length),
      how,
    };
  }
  return null;
}

function verbatimFinding(v: Verbatim, o: Options): RawFinding {
  const lengthFactor = Math.min(1, (v.longestRatio - 1) / (FULL_SCORE_RATIO - 1));
  // Squared so a sentence or two of a long prompt (often text meant to be shared) stays low.
  const fractionFactor = Math.min(1, v.fraction / o.min_fraction) ** 2;
  const score = 0.45 + 0.55 * Math.max(lengthFactor, fractionFactor);
  const how = v.how === 'glued' ? ' with words glued or spaced out' : v.how === 'reversed' ? ', written backwards' : '';
  return {
    ruleId: 'system-prompt-leak/verbatim',
    score: Math.round(score * 1000) / 1000,
    spans: v.spans,
    message: `Output reproduces ${Math.round(v.fraction * 100)}% of the system prompt verbatim${how}`,
    redactable: true,
  };
}

function paraphraseFinding(index: PromptIndex, words: OutputWords, o: Options): RawFinding | null {
  if (!o.paraphrase || index.contentBigrams.size === 0) return null;
  const { bigramStarts, distinctBigrams } = sharedBigrams(index, words.ids);
  const coverage = distinctBigrams / index.contentBigrams.size;
  if (distinctBigrams < MIN_PARAPHRASE_BIGRAMS || coverage < o.min_fraction) return null;
  const score = 0.55 + 0.3 * Math.min(1, (coverage - o.min_fraction) / o.min_fraction);
  return {
    ruleId: 'system-prompt-leak/paraphrase',
    score: Math.round(score * 1000) / 1000,
    spans: mergeSpans(bigramStarts.map((i) => spanOf(words, i, i + 1)), 3),
    message: `Output shares ${distinctBigrams} phrases (${Math.round(coverage * 100)}% of the system prompt's content bigrams) with the system prompt`,
    redactable: false,
  };
}

/** Reworded beyond shared bigrams: most of the prompt's sentences restated with their content words (sentence-coverage.ts). */
function restatedFinding(prompt: string, text: string, o: Options): RawFinding | null {
  if (!o.paraphrase) return null;
  const r = restatedSentences(prompt, text);
  if (!r) return null;
  return {
    ruleId: 'system-prompt-leak/paraphrase',
    score: Math.round((0.6 + 0.3 * (r.restated / r.sentences)) * 1000) / 1000,
    spans: [],
    message: `Output restates ${r.restated} of the system prompt's ${r.sentences} sentences in other words`,
    redactable: false,
  };
}

export const systemPromptLeak: Detector<typeof shape> = {
  id: 'system-prompt-leak',
  stages: ['output'],
  cost: 1,
  description: 'Detects outputs that reproduce the system prompt verbatim or reworded (n-gram overlap)',
  options: z.object(shape),
  scansVariants: true,
  scan(text, ctx) {
    const prompt = ctx.request.systemPrompt;
    const o = ctx.settings.options;
    if (!prompt || text.length === 0) return [];
    const index = promptIndexFor(prompt);
    if (index.seq.length < 2) return [];
    const masked = maskUrls(text);
    const words = outputWords(index, masked);
    const verbatim = wordVerbatim(index, words, o) ?? charVerbatim(index, masked, o);
    if (verbatim) return [verbatimFinding(verbatim, o)];
    const reworded = paraphraseFinding(index, words, o) ?? restatedFinding(prompt, text, o);
    return reworded ? [reworded] : [];
  },
};
