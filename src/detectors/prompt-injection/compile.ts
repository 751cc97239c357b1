/**
 * Turns the per-language lexicons into one regex per family, compiled once at module load.
 * Each language/tier is a named group (`de_strong`), so a single pass per family tells which fired.
 */
import type { Family, Language, Lexicon, LexiconFamily } from './types.js';

/**
 * Word separator: optional clause punctuation, then whitespace. Kept to `\s`/`\S` classes because
 * recheck proves those linear in milliseconds, where wider custom classes time out its analysis.
 */
const SEP = '[,;:]?\\s{1,3}';
/** One filler word: a run of non-space units. */
const WORD = '\\S{1,16}';
const QUANTIFIER_START = new Set(['{', '*', '+']);

/** Expands the lexicon macros: a space becomes a separator, `%N` up to N filler words. */
export function expandMacros(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === '\\') {
      out += c + source.charAt(i + 1);
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === ' ' && !QUANTIFIER_START.has(source.charAt(i + 1))) {
      out += `(?:${SEP})`;
    } else if (c === '%' && /\d/.test(source.charAt(i + 1))) {
      out += `(?:${WORD}${SEP}){0,${source.charAt(i + 1)}}`;
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

export type Tier = 'strong' | 'weak';

/** Named-group key of one language/tier inside a family regex. */
export function groupName(lang: Language | 'common', tier: Tier): string {
  return `${lang}_${tier}`;
}

/** One alternative of a family regex and the named group (language/tier) it reports under. */
export interface Phrase {
  source: string;
  group: string;
}

/** Every phrase of a family in regex order: lexicon by lexicon, strong before weak. */
export function familyPhrases(family: LexiconFamily, lexicons: ReadonlyArray<readonly [Language | 'common', Lexicon]>): Phrase[] {
  const out: Phrase[] = [];
  for (const [lang, lexicon] of lexicons) {
    for (const tier of ['strong', 'weak'] as const) {
      for (const source of lexicon[family]?.[tier] ?? []) out.push({ source: expandMacros(source), group: groupName(lang, tier) });
    }
  }
  return out;
}

/** Alternation of phrases, each run of one group's phrases inside its named group. */
export function phraseRegex(phrases: readonly Phrase[]): RegExp {
  const groups: string[] = [];
  for (let i = 0; i < phrases.length; ) {
    const group = (phrases[i] as Phrase).group;
    const sources: string[] = [];
    for (; i < phrases.length && (phrases[i] as Phrase).group === group; i++) sources.push((phrases[i] as Phrase).source);
    groups.push(`(?<${group}>${sources.join('|')})`);
  }
  return new RegExp(groups.join('|'), 'g');
}

export function compileFamily(family: LexiconFamily, lexicons: ReadonlyArray<readonly [Language | 'common', Lexicon]>): RegExp {
  const phrases = familyPhrases(family, lexicons);
  if (phrases.length === 0) throw new Error(`prompt-injection: no phrases for family ${family satisfies Family}`);
  return phraseRegex(phrases);
}
