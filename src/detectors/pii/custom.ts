/** Custom entity types declared in policy (`custom_entities`), compiled with the shared ReDoS guard. */
import { compileSafePattern } from '../shared/safe-pattern.js';
import { CONTEXT_BOOST, hasContext } from './context.js';
import type { PatternMatch } from './pattern-match.js';
import { luhn, mod97Valid } from './validators.js';

export interface CustomEntitySpec {
  type: string;
  pattern: string;
  flags?: string;
  validator: 'luhn' | 'mod97' | 'none';
  context: string[];
  score: number;
}

export interface CompiledCustomEntity {
  type: string;
  re: RegExp;
  validate: (value: string) => boolean;
  /** Matches any context word (escaped literals, so linear); null when none were given. */
  context: RegExp | null;
  score: number;
}

/** Literal-only alternation of the context words; the words are escaped, never interpreted. */
function contextRegex(words: readonly string[]): RegExp | null {
  const cleaned = words.map((w) => w.trim().toLowerCase()).filter((w) => w.length > 0);
  if (cleaned.length === 0) return null;
  const escaped = cleaned.map((w) => w.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'));
  return new RegExp(`\\b(?:${escaped.join('|')})\\b`);
}

const VALIDATORS: Readonly<Record<CustomEntitySpec['validator'], (value: string) => boolean>> = {
  luhn,
  mod97: mod97Valid,
  none: () => true,
};

/** Throws a clear error (naming the entity) when a pattern is not linear-time or invalid. */
export function compileCustomEntity(spec: CustomEntitySpec): CompiledCustomEntity {
  let re: RegExp;
  try {
    re = compileSafePattern(spec.pattern, `${(spec.flags ?? '').replace(/[gy]/g, '')}g`);
  } catch (err) {
    throw new Error(`custom entity ${spec.type}: ${(err as Error).message}`, { cause: err });
  }
  return { type: spec.type, re, validate: VALIDATORS[spec.validator], context: contextRegex(spec.context), score: spec.score };
}

export function findCustom(entity: CompiledCustomEntity, text: string): PatternMatch[] {
  const out: PatternMatch[] = [];
  const re = entity.re;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (!entity.validate(m[0])) continue;
    const start = m.index;
    const end = start + m[0].length;
    const context = entity.context !== null && hasContext(entity.context, text, start, end);
    // With declared context words, a match that has none of them nearby scores lower.
    const score = entity.context === null || context ? entity.score : Math.max(0, entity.score - CONTEXT_BOOST);
    out.push({ entityType: entity.type, rule: entity.type.toLowerCase().replace(/_/g, '-'), start, end, score });
  }
  return out;
}
