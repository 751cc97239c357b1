/**
 * Instructions hidden in data: inside a comment, an alt/title attribute or an e-mail body, text that
 * addresses the model ("AI: ...", "note to the AI reading this") and gives it a directive. A full
 * hijack-grammar match is reported by the grammar itself; this adds what only the place makes suspect.
 */
import type { Span } from '../../../spec/types.js';
import type { Language } from '../types.js';
import { Walker, type Events, type HijackMatch } from './grammar.js';
import type { HijackLexicon, LexEvent } from './lexicon.js';
import type { Tokens } from './tokens.js';

export interface HiddenMatch {
  lang: Language;
  from: number;
  to: number;
  /** True when a directive follows the cue or verb: the region tells the model what to say or do. */
  directive: boolean;
  /** What made the region suspect. */
  cue: 'addressed' | 'disregard';
}

/** First token at or after a character offset (tokens are sorted by start). */
function firstTokenAt(tokens: Tokens, offset: number): number {
  let lo = 0;
  let hi = tokens.start.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens.start[mid] as number) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** "AI:" or "Assistant," opening the region or a sentence in it. */
function isVocative(folded: string, tokens: Tokens, event: LexEvent, first: number): boolean {
  if (event.from !== first && tokens.boundary[event.from - 1] !== true) return false;
  let at = tokens.end[event.to - 1] as number;
  while (folded.charCodeAt(at) === 0x20) at++;
  const c = folded.charAt(at);
  return c === ':' || c === ',' || c === '：' || c === '，' || c === '、';
}

function overlaps(matches: readonly HijackMatch[], from: number, to: number): boolean {
  return matches.some((m) => m.from < to && from < m.to);
}

export function findHidden(
  folded: string,
  tokens: Tokens,
  events: Events,
  lexicons: ReadonlyMap<Language, HijackLexicon>,
  regions: readonly Span[],
  grammar: readonly HijackMatch[],
): HiddenMatch[] {
  const out: HiddenMatch[] = [];
  let done = 0;
  for (const region of regions) {
    const first = Math.max(done, firstTokenAt(tokens, region.start));
    const end = firstTokenAt(tokens, region.end);
    for (let j = first; j < end; j++) {
      const list = events.startAt[j];
      if (list === undefined) continue;
      const hit = regionHit(folded, tokens, events, lexicons, list, first, end);
      if (hit === undefined || overlaps(grammar, hit.from, hit.to)) continue;
      out.push(hit);
      j = hit.to - 1;
      done = hit.to;
    }
  }
  return out;
}

function regionHit(
  folded: string,
  tokens: Tokens,
  events: Events,
  lexicons: ReadonlyMap<Language, HijackLexicon>,
  list: readonly LexEvent[],
  first: number,
  end: number,
): HiddenMatch | undefined {
  for (const e of list) {
    if (!lexicons.has(e.lang)) continue;
    const addressed = e.part === 'cue' || (e.part === 'vocative' && isVocative(folded, tokens, e, first));
    const disregard = e.part === 'verb';
    if (!addressed && !disregard) continue;
    const walker = new Walker(tokens, events, e.lang, end);
    const directive = walker.directive(e.to);
    // A verb of disregard is everyday code talk ("# ignore errors and print a warning") unless it has an object.
    if (disregard && walker.forward(e.to) === undefined) continue;
    return { lang: e.lang, from: e.from, to: directive?.to ?? e.to, directive: directive !== undefined, cue: addressed ? 'addressed' : 'disregard' };
  }
  return undefined;
}
