/** Every hijack lexicon, compiled once at module load into one index. */
import { HijackIndex } from '../lexicon.js';
import type { HijackLexicon } from '../lexicon-shape.js';
import type { Language } from '../../types.js';
import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { hi } from './hi.js';
import { it } from './it.js';
import { ja } from './ja.js';
import { ko } from './ko.js';
import { nl } from './nl.js';
import { pl } from './pl.js';
import { pt } from './pt.js';
import { ru } from './ru.js';
import { tr } from './tr.js';
import { vi } from './vi.js';
import { zh } from './zh.js';

export const HIJACK_LEXICONS: ReadonlyArray<readonly [Language, HijackLexicon]> = [
  ['en', en], ['de', de], ['fr', fr], ['es', es], ['pt', pt], ['it', it], ['nl', nl], ['ru', ru],
  ['pl', pl], ['tr', tr], ['vi', vi], ['zh', zh], ['ja', ja], ['ko', ko], ['ar', ar], ['hi', hi],
];

export const HIJACK_INDEX = new HijackIndex(HIJACK_LEXICONS);
