/**
 * toxicity: lexicon baseline for insults, profanity, slurs, threats, sexual content and self-harm.
 * Word-boundary aware, case-insensitive and leetspeak-folded (`1d10t` reads as `idiot`); scans the
 * obfuscation detector's normalized variants too. A lexicon, not a model: it misses implicit toxicity
 * and cannot read sarcasm or quotation; see docs/detectors/toxicity.md.
 */
import { z } from 'zod';
import type { Detector, RawFinding, Span } from '../spec/types.js';
import { memoByOptions } from './shared/options-cache.js';
import { buildMatcher, foldLeet, type TermHit, type TermMatcher } from './shared/term-matcher.js';
import { hasElongation, squeeze } from './toxicity/squeeze.js';
import { LEXICON, TOXICITY_CATEGORIES, type LexiconEntry, type ToxicityCategory } from './toxicity/lexicon.js';

const shape = {
  categories: z
    .array(z.enum(TOXICITY_CATEGORIES))
    .default([...TOXICITY_CATEGORIES])
    .describe(`Categories to report: ${TOXICITY_CATEGORIES.join(', ')}`),
  ignore: z.array(z.string().min(1)).default([]).describe('Lexicon terms to ignore (e.g. "damn" for a casual app)'),
};

const options = z.object(shape);
type ToxicityOptions = z.infer<typeof options>;

interface Compiled {
  matcher: TermMatcher;
  entries: readonly LexiconEntry[];
  /** Matcher over squeezed terms, built on the first elongated text. */
  squeezed?: TermMatcher;
}

const REDACTABLE: ReadonlySet<ToxicityCategory> = new Set(['insult', 'profanity', 'slur', 'sexual']);
const MAX_SPANS = 32;

const MATCH = { caseSensitive: false, wholeWord: true, fold: foldLeet };

function compile(entries: readonly LexiconEntry[]): Compiled {
  return { entries, matcher: buildMatcher(entries.map((e) => e.term), MATCH) };
}


/** Hits of the plain matcher, plus those only found once elongated letters are squeezed. */
function findHits(c: Compiled, text: string): TermHit[] {
  const hits = c.matcher.find(text);
  if (hits.length >= MAX_SPANS || !hasElongation(text, foldLeet)) return hits;
  c.squeezed ??= buildMatcher(c.entries.map((e) => squeeze(e.term).text), MATCH);
  const sq = squeeze(text, foldLeet);
  for (const h of c.squeezed.find(sq.text)) {
    const start = sq.starts[h.start] as number;
    const end = sq.starts[h.end] as number;
    if (!hits.some((x) => x.start < end && start < x.end)) hits.push({ start, end, term: h.term });
    if (hits.length >= MAX_SPANS) break;
  }
  return hits;
}

/** Compiled per options object, over `lexicon` (the committed one, or extended by a rule pack). */
function compilerFor(lexicon: readonly LexiconEntry[]): (options: ToxicityOptions) => Compiled {
  const all = compile(lexicon);
  return memoByOptions<ToxicityOptions, Compiled>((raw) => {
    const opts = options.parse(raw);
    const ignore = new Set(opts.ignore.map((t) => t.toLowerCase()));
    const active = new Set<string>(opts.categories);
    const entries = lexicon.filter((e) => active.has(e.category) && !ignore.has(e.term));
    return entries.length === lexicon.length ? all : compile(entries);
  });
}

interface CategoryHits {
  spans: Span[];
  terms: Set<number>;
  /** Product of (1 - severity) over distinct terms: the chance none of them is toxic. */
  clean: number;
}

/** The detector over `lexicon`; `toxicity` has the committed one, a rule pack adds terms to it. */
export function createToxicity(lexicon: readonly LexiconEntry[]): Detector<typeof shape> {
  const compiled = compilerFor(lexicon);
  return {
    id: 'toxicity',
    stages: ['input', 'output'],
    cost: 1,
    description: 'Lexicon baseline for insults, profanity, slurs, threats, sexual content and self-harm (leet-folded)',
    options,
    scansVariants: true,
    scan(text, ctx): RawFinding[] {
      const c = compiled(ctx.settings.options);
      const { entries } = c;
      const hits = findHits(c, text);
      if (hits.length === 0) return [];
      const byCategory = new Map<ToxicityCategory, CategoryHits>();
      for (const h of hits) {
        const entry = entries[h.term] as LexiconEntry;
        let cat = byCategory.get(entry.category);
        if (!cat) {
          cat = { spans: [], terms: new Set(), clean: 1 };
          byCategory.set(entry.category, cat);
        }
        if (cat.spans.length < MAX_SPANS) cat.spans.push({ start: h.start, end: h.end });
        if (!cat.terms.has(h.term)) {
          cat.terms.add(h.term);
          cat.clean *= 1 - entry.severity;
        }
      }
      return [...byCategory].map(([category, c]) => ({
        ruleId: `toxicity/${category}`,
        score: Math.min(0.99, Number((1 - c.clean).toFixed(3))),
        spans: c.spans,
        message: `${c.spans.length} ${category} term(s) (${c.terms.size} distinct) from the toxicity lexicon`,
        redactable: REDACTABLE.has(category),
      }));
    },
  };
}

export const toxicity = createToxicity(LEXICON);
