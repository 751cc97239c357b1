/**
 * pii: personal data. Validated patterns (emails, phones, cards, IBANs, SSNs, IPs, driver's licences), a
 * statistical token tagger (names, places, addresses, organisations, dates) and policy-defined entities.
 */
import { z } from 'zod';
import type { Detector, RawFinding } from '../spec/types.js';
import { compileSafePattern } from './shared/safe-pattern.js';
import { compileCustomEntity, findCustom, type CompiledCustomEntity } from './pii/custom.js';
import { BUILTIN_ENTITY_TYPES, PATTERN_ENTITY_TYPES, TAGGER_ENTITY_TYPES } from './pii/entity-types.js';
import { keepNonOverlapping } from './pii/overlaps.js';
import { findPhones } from './pii/phone.js';
import type { PatternMatch } from './pii/pattern-match.js';
import { PATTERN_FINDERS, type Finder } from './pii/recognizers.js';
import { tagEntities } from './pii/tagger.js';
import { digitWindows } from './pii/windows.js';
import { withFields } from '../core/objects.js';

export { PII_PATTERNS } from './pii/recognizers.js';
export { PHONE_PATTERNS } from './pii/phone.js';
export { TAGGER_PATTERNS } from './pii/tagger-tokens.js';

/** Statistical findings never outrank validated patterns. */
const TAGGER_MAX_SCORE = 0.85;

const ENTITY_TYPE = /^[A-Z][A-Z0-9_]{0,63}$/;

const customEntity = z.object({
  type: z.string().regex(ENTITY_TYPE, 'entity type must be UPPER_SNAKE_CASE, e.g. EMPLOYEE_ID'),
  pattern: z
    .string()
    .min(1)
    .superRefine((p, ctx) => {
      try {
        compileSafePattern(p);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  flags: z.string().regex(/^[imsu]{0,4}$/, 'flags may only use i, m, s, u').optional(),
  validator: z.enum(['luhn', 'mod97', 'none']).default('none'),
  context: z.array(z.string().min(1).max(64)).max(64).default([]),
  score: z.number().min(0).max(1).default(0.8),
});

const options = z.object({
  entities: z
    .array(
      z.string().refine((t) => BUILTIN_ENTITY_TYPES.includes(t), {
        message: `unknown entity type; known: ${BUILTIN_ENTITY_TYPES.join(', ')} (custom_entities are always active and need no entry here)`,
      }),
    )
    .optional()
    .describe(
      `Active built-in types (default: all of ${BUILTIN_ENTITY_TYPES.join(', ')}). List only pattern types (${PATTERN_ENTITY_TYPES.join(', ')}) to skip the statistical tagger. Custom entities are always active.`,
    ),
  default_region: z.string().regex(/^[A-Z]{2}$/, 'default_region must be an ISO 3166 alpha-2 code, e.g. US').default('US'),
  min_score: z.number().min(0).max(1).default(0.3),
  custom_entities: z.array(customEntity).default([]),
});

type PiiOptions = z.infer<typeof options>;

interface Compiled {
  finders: Finder[];
  phones: boolean;
  /** Tagger entity types that are active; empty skips the tagger entirely. */
  tagged: ReadonlySet<string>;
  custom: CompiledCustomEntity[];
}

/** Options objects are created once per policy compile, so they key the compiled form. */
const compiledCache = new WeakMap<PiiOptions, Compiled>();

function compile(opts: PiiOptions): Compiled {
  const cached = compiledCache.get(opts);
  if (cached) return cached;
  const active = new Set<string>(opts.entities ?? BUILTIN_ENTITY_TYPES);
  const finders = Object.entries(PATTERN_FINDERS)
    .filter(([type]) => active.has(type))
    .map(([, finder]) => finder);
  const tagged = new Set<string>(TAGGER_ENTITY_TYPES.filter((t) => active.has(t)));
  const compiled: Compiled = { finders, phones: active.has('PHONE_NUMBER'), tagged, custom: opts.custom_entities.map(compileCustomEntity) };
  compiledCache.set(opts, compiled);
  return compiled;
}

const TAGGED_RULES = new Set<string>(TAGGER_ENTITY_TYPES.map(ruleOf));

function ruleOf(entityType: string): string {
  return entityType.toLowerCase().replace(/_/g, '-');
}

/** Pattern matches beat tagger spans; then the higher score wins (ties: the longer one). */
function resolveOverlaps(matches: PatternMatch[]): PatternMatch[] {
  if (matches.length < 2) return matches;
  const rank = (m: PatternMatch): number => (TAGGED_RULES.has(m.rule) ? 0 : 1);
  const ranked = [...matches].sort(
    (a, b) => rank(b) - rank(a) || b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  return keepNonOverlapping(ranked);
}

/** Finds PII matches in text with the given (parsed) options; exported for evaluation tooling. */
export function findPii(text: string, opts: PiiOptions): PatternMatch[] {
  const compiled = compile(opts);
  const all: PatternMatch[] = [];
  const windows = digitWindows(text);
  for (const finder of compiled.finders) all.push(...finder(text, windows));
  if (compiled.phones) {
    for (const p of findPhones(text, opts.default_region, windows.phone)) all.push({ entityType: 'PHONE_NUMBER', rule: 'phone-number', ...p });
  }
  for (const entity of compiled.custom) all.push(...findCustom(entity, text));
  if (compiled.tagged.size > 0) {
    for (const span of tagEntities(text)) {
      if (!compiled.tagged.has(span.entityType)) continue;
      all.push(withFields(span, { rule: ruleOf(span.entityType), score: Math.min(span.score, TAGGER_MAX_SCORE) }));
    }
  }
  return resolveOverlaps(all.filter((m) => m.score >= opts.min_score));
}

export const pii: Detector<typeof options.shape> = {
  id: 'pii',
  stages: ['input', 'output', 'retrieved', 'tool_result'],
  cost: 1,
  description: 'Personal data: emails, phones, payment cards, IBANs, SSNs, IPs, names, addresses, places, organisations, dates and policy-defined entities.',
  options,
  scansVariants: true,
  scan(text, ctx): RawFinding[] {
    return findPii(text, ctx.settings.options).map((m) => ({
      ruleId: `pii/${m.rule}`,
      score: m.score,
      spans: [{ start: m.start, end: m.end }],
      entityType: m.entityType,
      message: `${m.entityType} detected (${m.end - m.start} characters)`,
      redactable: true,
    }));
  },
};
