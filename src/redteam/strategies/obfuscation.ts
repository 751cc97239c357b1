/** Character-level strategies: the words stay readable to a model but not to an exact-match filter. */
import type { Rng } from '../rng.js';
import type { Strategy } from './types.js';

const LEET: Readonly<Record<string, string>> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7', l: '1', g: '9' };

/** Latin letters and a visually identical Cyrillic or Greek letter. */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  a: '\u0430', c: '\u0441', e: '\u0435', i: '\u0456', o: '\u043e', p: '\u0440', x: '\u0445', y: '\u0443',
  A: '\u0391', B: '\u0392', E: '\u0395', H: '\u0397', K: '\u039a', M: '\u039c', O: '\u039f', T: '\u03a4',
};

/** Replaces each mappable character with probability `rate`, so every seed gives another variant. */
function substitute(text: string, table: Readonly<Record<string, string>>, rate: number, rng: Rng, fold: boolean): string {
  let out = '';
  for (const ch of text) {
    const key = fold ? ch.toLowerCase() : ch;
    const sub = table[key];
    out += sub !== undefined && rng.next() < rate ? sub : ch;
  }
  return out;
}

export const leetspeak: Strategy = {
  id: 'leetspeak',
  description: 'letters swapped for look-alike digits (1337)',
  apply: (payload, rng) => ({ payload: substitute(payload, LEET, 0.7, rng, true) }),
};

export const homoglyph: Strategy = {
  id: 'homoglyph',
  description: 'Latin letters swapped for identical-looking Cyrillic and Greek letters',
  apply: (payload, rng) => ({ payload: substitute(payload, HOMOGLYPHS, 0.5, rng, false) }),
};
