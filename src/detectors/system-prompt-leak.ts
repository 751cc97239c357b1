/**
 * system-prompt-leak: flags outputs that reproduce the request's system prompt, verbatim
 * (long shared word runs) or reworded (many shared content bigrams). Linear in the output;
 * the prompt is indexed once and cached.
 */
import { z } from 'zod';
import type { Detector, RawFinding, Span } from '../spec/types.js';
import { findRuns, outputIds, promptCoverage, sharedBigrams, type Run } from './output/leak-match.js';
import { promptIndexFor } from './output/prompt-index.js';
import { tokenize, type Words } from './output/words.js';

/** Output a streaming scanner must hold back so a minimal verbatim run is seen whole (default options, loose whitespace). */
export const MAX_PATTERN_CHARS = 256;
/** A reworded leak must share at least this many distinct content bigrams with the prompt. */
export const MIN_PARAPHRASE_BIGRAMS = 6;

const shape = {
  min_overlap_chars: z
    .number()
    .int()
    .min(12)
    .default(40)
    .describe('Shortest verbatim run (normalized chars) of the system prompt that counts as a leak'),
  min_fraction: z
    .number()
    .min(0.01)
    .max(1)
    .default(0.3)
    .describe('Fraction of the prompt reproduced at which a verbatim leak scores maximal and a reworded leak is reported'),
  paraphrase: z.boolean().default(true).describe('Also report reworded leaks (shared content bigrams)'),
};

type Options = z.infer<z.ZodObject<typeof shape>>;

function spanOf(words: Words, first: number, last: number): Span {
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

function verbatimFinding(runs: Run[], words: Words, fraction: number, o: Options): RawFinding {
  const longest = runs.reduce((m, r) => Math.max(m, r.chars), 0);
  const lengthFactor = Math.min(1, (longest - o.min_overlap_chars) / (3 * o.min_overlap_chars));
  const fractionFactor = Math.min(1, fraction / o.min_fraction);
  const score = 0.6 + 0.4 * Math.max(lengthFactor, fractionFactor);
  const spans = mergeSpans(
    runs.map((r) => spanOf(words, r.outStart, r.outStart + r.length - 1)),
    1,
  );
  return {
    ruleId: 'system-prompt-leak/verbatim',
    score: Math.round(score * 1000) / 1000,
    spans,
    message: `Output reproduces ${Math.round(fraction * 100)}% of the system prompt verbatim (longest run ${longest} chars)`,
    redactable: true,
  };
}

function paraphraseFinding(starts: number[], distinct: number, coverage: number, words: Words, o: Options): RawFinding {
  const score = 0.55 + 0.3 * Math.min(1, (coverage - o.min_fraction) / o.min_fraction);
  const spans = mergeSpans(
    starts.map((i) => spanOf(words, i, i + 1)),
    3,
  );
  return {
    ruleId: 'system-prompt-leak/paraphrase',
    score: Math.round(score * 1000) / 1000,
    spans,
    message: `Output shares ${distinct} phrases (${Math.round(coverage * 100)}% of the system prompt's content bigrams) with the system prompt`,
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
    const words = tokenize(text);
    const ids = outputIds(index, words);
    const leaks = findRuns(index, ids, words).filter((r) => r.chars >= o.min_overlap_chars);
    if (leaks.length > 0) return [verbatimFinding(leaks, words, promptCoverage(index, leaks), o)];
    if (!o.paraphrase || index.contentBigrams.size === 0) return [];
    const { bigramStarts, distinctBigrams } = sharedBigrams(index, ids);
    const coverage = distinctBigrams / index.contentBigrams.size;
    if (distinctBigrams < MIN_PARAPHRASE_BIGRAMS || coverage < o.min_fraction) return [];
    return [paraphraseFinding(bigramStarts, distinctBigrams, coverage, words, o)];
  },
};
