/**
 * denylist: policy-defined content rules. Deny terms (e.g. competitor names), topics (fire when enough
 * distinct keywords occur) and custom regexes (validated by compileSafePattern at policy compile).
 * All terms and keywords compile into one alternation scanned in a single pass; allow-listed phrases
 * mask the text they cover first, so a deny term inside an allowed phrase never fires.
 */
import { z } from 'zod';
import type { Action, Detector, RawFinding, Span } from '../spec/types.js';
import { compileSafePattern } from './shared/safe-pattern.js';
import { memoByOptions } from './shared/options-cache.js';
import { buildMatcher, foldLeet, type TermMatcher } from './shared/term-matcher.js';

const RULE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const ruleId = z.string().regex(RULE_ID, 'rule id must be lowercase letters, digits, "-" or "_", e.g. competitors');
const term = z.string().min(1).max(200);

const termList = z.object({
  id: ruleId,
  terms: z.array(term).min(1).max(10_000),
  action: z.enum(['allow', 'flag', 'redact', 'block']).optional().describe('Suggested action for this list (policy rules may override)'),
  case_sensitive: z.boolean().default(false),
  whole_word: z.boolean().default(true),
  leet: z.boolean().default(false).describe('Also match leetspeak spellings (4cm3 for acme): 0→o 1→i 3→e 4→a 5→s 7→t @→a $→s !→i'),
});

const topic = z.object({
  id: ruleId,
  keywords: z.array(term).min(1).max(1000),
  min_hits: z.number().int().min(1).default(2),
});

const pattern = z
  .object({
    id: ruleId,
    pattern: z.string().min(1),
    flags: z.string().regex(/^[imsu]{0,4}$/, 'flags may only use i, m, s, u').default(''),
  })
  .superRefine((p, ctx) => {
    try {
      compileSafePattern(p.pattern, p.flags);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: (err as Error).message });
    }
  });

const shape = {
  terms: z.array(termList).default([]).describe('Deny lists: [{ id, terms, action?, case_sensitive?, whole_word?, leet? }]'),
  topics: z.array(topic).default([]).describe('Topics: [{ id, keywords, min_hits }], fire when min_hits distinct keywords occur'),
  patterns: z.array(pattern).default([]).describe('Custom regexes: [{ id, pattern, flags }], rejected if they can backtrack'),
  allow: z.array(term).default([]).describe('Allow-listed phrases: deny terms inside them never fire'),
};

const options = z.object(shape);
export type DenylistOptions = z.infer<typeof options>;
/** Lists a rule pack adds to every policy's denylist (docs/rule-packs.md). */
export const denylistPackSchema = z.strictObject(shape);

interface CompiledPattern {
  id: string;
  re: RegExp;
}

interface Compiled {
  allow?: TermMatcher;
  lists: Array<{ id: string; action?: Action; matcher: TermMatcher }>;
  topics: Array<{ id: string; minHits: number; matcher: TermMatcher }>;
  patterns: CompiledPattern[];
}

const MAX_SPANS = 32;
/** Compiles once per options object (the compiled policy keeps it alive). */
export const compileDenylist = memoByOptions<DenylistOptions, Compiled>((raw) => {
  const opts = options.parse(raw);
  const compiled: Compiled = {
    allow: opts.allow.length > 0 ? buildMatcher(opts.allow, { caseSensitive: false, wholeWord: false }) : undefined,
    lists: opts.terms.map((l) => ({
      id: l.id,
      action: l.action,
      matcher: buildMatcher(l.terms, { caseSensitive: l.case_sensitive, wholeWord: l.whole_word, fold: l.leet ? foldLeet : undefined }),
    })),
    topics: opts.topics.map((t) => ({ id: t.id, minHits: t.min_hits, matcher: buildMatcher(t.keywords, { caseSensitive: false, wholeWord: true }) })),
    patterns: opts.patterns.map((p) => ({ id: p.id, re: compileSafePattern(p.pattern, `${p.flags.replace('g', '')}g`) })),
  };
  return compiled;
});

/** Replaces allow-listed phrases with spaces of the same length so offsets stay valid. */
function maskAllowed(text: string, allow: TermMatcher | undefined): string {
  if (!allow) return text;
  const hits = allow.find(text);
  if (hits.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const h of hits) {
    if (h.start < at) continue;
    parts.push(text.slice(at, h.start), ' '.repeat(h.end - h.start));
    at = h.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function patternSpans(re: RegExp, text: string): Span[] {
  const spans: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && spans.length < MAX_SPANS; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

/** The policy's options with a rule pack's lists appended; one merged object per options object, so compiles stay memoized. */
function withPackLists(extra: DenylistOptions): (raw: DenylistOptions | undefined) => DenylistOptions {
  return memoByOptions<DenylistOptions, DenylistOptions>((raw) => {
    const own = options.parse(raw);
    return { terms: [...own.terms, ...extra.terms], topics: [...own.topics, ...extra.topics], patterns: [...own.patterns, ...extra.patterns], allow: [...own.allow, ...extra.allow] };
  });
}

/** The detector with `extra` lists added to every policy's (a rule pack's); `denylist` has the policy's only. */
export function createDenylist(extra?: DenylistOptions): Detector<typeof shape> {
  const merged = extra === undefined ? (raw: DenylistOptions) => raw : withPackLists(extra);
  return {
    id: 'denylist',
    stages: ['input', 'output', 'retrieved', 'tool_result'],
    cost: 0,
    description: 'Policy-defined deny terms, topics and safe custom regexes, with an allow-list',
    options,
    // Deny terms hidden with homoglyphs, zero-width characters or encodings are caught on the variants.
    scansVariants: true,
    scan(text, ctx): RawFinding[] {
      const c = compileDenylist(merged(ctx.settings.options));
      if (c.lists.length === 0 && c.topics.length === 0 && c.patterns.length === 0) return [];
      const hay = maskAllowed(text, c.allow);
      const findings: RawFinding[] = [];
      for (const list of c.lists) {
        const hits = list.matcher.find(hay);
        if (hits.length === 0) continue;
        const distinct = new Set(hits.map((h) => h.term)).size;
        findings.push({
          ruleId: `denylist/${list.id}`,
          score: 1,
          spans: hits.slice(0, MAX_SPANS).map(({ start, end }) => ({ start, end })),
          message: `${hits.length} occurrence(s) of ${distinct} term(s) from deny list "${list.id}"${list.action ? ` (suggested action: ${list.action})` : ''}`,
          redactable: true,
        });
      }
      for (const t of c.topics) {
        const hits = t.matcher.find(hay);
        const distinct = new Set(hits.map((h) => h.term)).size;
        if (distinct < t.minHits) continue;
        findings.push({
          ruleId: `denylist/${t.id}`,
          score: Math.min(1, 0.6 + 0.4 * ((distinct - t.minHits + 1) / (t.minHits + 1))),
          spans: hits.slice(0, MAX_SPANS).map(({ start, end }) => ({ start, end })),
          message: `Topic "${t.id}": ${distinct} distinct keyword(s) (threshold ${t.minHits})`,
          redactable: false,
        });
      }
      for (const p of c.patterns) {
        const spans = patternSpans(p.re, hay);
        if (spans.length === 0) continue;
        findings.push({
          ruleId: `denylist/${p.id}`,
          score: 1,
          spans,
          message: `${spans.length} match(es) of custom pattern "${p.id}"`,
          redactable: true,
        });
      }
      return findings;
    },
  };
}

export const denylist = createDenylist();
