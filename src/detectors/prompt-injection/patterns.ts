/** The compiled family regexes (one linear pass per family over the folded text) and their literal prefilter. */
import { compileFamily, familyPhrases, type Phrase } from './compile.js';
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
import { tr } from './lexicons/tr.js';
import { vi } from './lexicons/vi.js';
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
  ['tr', tr],
  ['vi', vi],
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

const NONE = 0x7fffffff;
const MAX_PHRASES = Math.max(...LEXICON_FAMILIES.map((family) => FAMILY_PHRASES[family].length));

/**
 * The matches of a family regex reduced to some of its phrases, found with one regex per phrase (compiled on
 * first use, so at most one per phrase however texts mix them; a regex per subset was compiled again and
 * again on unseen text). A leftmost-first alternation matches at the leftmost position where any of its
 * alternatives matches, with the first alternative that matches there: so the next match is the phrase
 * whose own next match starts first, ties going to the earlier phrase. On a text where every other phrase
 * cannot match anywhere this finds exactly the matches of FAMILY_PATTERNS[family], and each phrase regex
 * is a piece of a ReDoS-checked family regex. One instance is reused: reset() starts a text, next() moves
 * to the next non-empty match (start, end, group).
 */
export class FamilyMatcher {
  start = 0;
  end = 0;
  group = '';
  readonly #starts = new Int32Array(MAX_PHRASES);
  readonly #ends = new Int32Array(MAX_PHRASES);
  readonly #regexes = new Map<LexiconFamily, Array<RegExp | undefined>>(LEXICON_FAMILIES.map((family) => [family, []]));
  #phrases: readonly Phrase[] = [];
  #compiled: Array<RegExp | undefined> = [];
  #indices: readonly number[] = [];
  #text = '';
  #pos = 0;

  /** Starts matching the phrases at these indices (ascending) of a family in `text`. */
  reset(family: LexiconFamily, indices: readonly number[], text: string): void {
    this.#phrases = FAMILY_PHRASES[family];
    this.#compiled = this.#regexes.get(family) as Array<RegExp | undefined>;
    this.#indices = indices;
    this.#text = text;
    this.#pos = 0;
    this.#starts.fill(-1, 0, indices.length);
  }

  next(): boolean {
    const indices = this.#indices;
    const text = this.#text;
    while (this.#pos <= text.length) {
      let best = -1;
      let bestStart = NONE;
      for (let j = 0; j < indices.length; j++) {
        let s = this.#starts[j] as number;
        if (s < this.#pos) {
          const re = this.#regex(indices[j] as number);
          re.lastIndex = this.#pos;
          const m = re.exec(text);
          s = m === null ? NONE : m.index;
          if (m !== null) this.#ends[j] = m.index + m[0].length;
          this.#starts[j] = s;
        }
        if (s < bestStart) {
          bestStart = s;
          best = j;
        }
      }
      if (best < 0) break;
      const end = this.#ends[best] as number;
      if (end === bestStart) {
        // Empty matches are skipped, as the family loop skips them.
        this.#pos = bestStart + 1;
        continue;
      }
      this.start = bestStart;
      this.end = end;
      this.group = (this.#phrases[indices[best] as number] as Phrase).group;
      this.#pos = end;
      return true;
    }
    this.#text = '';
    return false;
  }

  #regex(index: number): RegExp {
    let re = this.#compiled[index];
    if (re === undefined) this.#compiled[index] = re = new RegExp((this.#phrases[index] as Phrase).source, 'g');
    return re;
  }
}
