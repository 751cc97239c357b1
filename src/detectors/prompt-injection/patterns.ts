/** The compiled family regexes (one linear pass per family over the folded text) and their literal prefilter. */
import { compileFamily, familyPhrases, phraseRegex, type Phrase } from './compile.js';
import { ar } from './lexicons/ar.js';
import { common } from './lexicons/common.js';
import { de } from './lexicons/de.js';
import { en } from './lexicons/en.js';
import { es } from './lexicons/es.js';
import { fr } from './lexicons/fr.js';
import { hi } from './lexicons/hi.js';
import { it } from './lexicons/it.js';
import { ja } from './lexicons/ja.js';
import { ko } from './lexicons/ko.js';
import { nl } from './lexicons/nl.js';
import { pt } from './lexicons/pt.js';
import { ru } from './lexicons/ru.js';
import { zh } from './lexicons/zh.js';
import { LruCache } from '../../core/lru.js';
import { buildPrefilter } from '../shared/prefilter.js';
import type { Language, Lexicon, LexiconFamily } from './types.js';

export const LEXICONS: ReadonlyArray<readonly [Language | 'common', Lexicon]> = [
  ['common', common],
  ['en', en],
  ['de', de],
  ['fr', fr],
  ['es', es],
  ['pt', pt],
  ['it', it],
  ['nl', nl],
  ['ru', ru],
  ['zh', zh],
  ['ja', ja],
  ['ko', ko],
  ['ar', ar],
  ['hi', hi],
];

export const LEXICON_FAMILIES: readonly LexiconFamily[] = [
  'instruction-override',
  'persona',
  'system-prompt-extraction',
  'fake-delimiter',
  'refusal-suppression',
];

/** Exported so the shared ReDoS test checks every one of them. */
export const FAMILY_PATTERNS: Readonly<Record<LexiconFamily, RegExp>> = Object.fromEntries(
  LEXICON_FAMILIES.map((family) => [family, compileFamily(family, LEXICONS)]),
) as Record<LexiconFamily, RegExp>;

const FAMILY_PHRASES: Readonly<Record<LexiconFamily, readonly Phrase[]>> = Object.fromEntries(
  LEXICON_FAMILIES.map((family) => [family, familyPhrases(family, LEXICONS)]),
) as Record<LexiconFamily, Phrase[]>;

/** Tells which phrases can match a text at all, from the same phrase sources. */
export const FAMILY_PREFILTER = buildPrefilter(
  new Map(LEXICON_FAMILIES.map((family) => [family, FAMILY_PHRASES[family].map((phrase) => [phrase.source])])),
  { setsPerPhrase: 2, minRarity: 3, foldCase: false },
);

/** Benign traffic leaves a few dozen distinct phrase subsets; more than this is an unusual mix, recompiled. */
const SUBSET_CACHE_SIZE = 64;
const subsetPatterns = new LruCache<string, RegExp>(SUBSET_CACHE_SIZE);

/**
 * The family regex reduced to the phrases at these indices (ascending). On a text where every other
 * phrase cannot match anywhere, it finds exactly the matches of FAMILY_PATTERNS[family]: at each position a
 * leftmost-first alternation takes its first alternative that matches there, and a dropped one never does.
 * Being a sub-alternation of a ReDoS-checked family regex (same order, same groups), it is linear too.
 */
export function familyPattern(family: LexiconFamily, indices: readonly number[]): RegExp {
  const phrases = FAMILY_PHRASES[family];
  if (indices.length === phrases.length) return FAMILY_PATTERNS[family];
  return subsetPatterns.getOrCreate(`${family}:${indices.join(',')}`, () => phraseRegex(indices.map((i) => phrases[i] as Phrase)));
}
