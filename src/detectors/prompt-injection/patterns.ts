/** The compiled family regexes (one linear pass per family over the folded text) and their literal prefilter. */
import { compileFamily, phraseSources } from './compile.js';
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

/** Tells which families can match a text at all, from the same phrase sources. Exported for the ReDoS test. */
export const FAMILY_PREFILTER = buildPrefilter(
  new Map(LEXICON_FAMILIES.map((family) => [family, phraseSources(family, LEXICONS).map((source) => [source])])),
  { setsPerPhrase: 2, minRarity: 3, foldCase: false },
);
