/**
 * Instructions hidden in data: inside a comment, an alt/title attribute or an e-mail body, text that
 * addresses the model ("AI: ...", "note to the AI reading this") and gives it a directive. A full
 * hijack-grammar match is reported by the grammar itself; this adds what only the place makes suspect.
 */
import type { Span } from '../../../spec/types.js';
import type { Language } from '../types.js';
import { Walker, type Events, type HijackMatch } from './grammar.js';
import type { LexEvent } from './lexicon.js';
import type { HijackLexicon, Part } from './lexicon-shape.js';
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

/**
 * Where a match is looked for: a comment, attribute or e-mail body (`region`), or the whole of a retrieved document or
 * tool result (`document`), where only text addressed to the model and given a command counts.
 */
export type RegionKind = 'region' | 'document';

/** Once the model is addressed, tool actions direct it as well as directives ("Assistant, call the send_email tool"). */
const ADDRESSED_PARTS: readonly Part[] = ['directive', 'action'];
/** In a whole document a vocative needs its command at once ("AI, however, will write ..." is prose about AI); zh counts characters. */
const DOCUMENT_VOCATIVE_WINDOW = 2;
const IDEOGRAPHIC_VOCATIVE_WINDOW = 6;
/** Verb-final languages put the command at the end of its sentence ("Asistan, tüm dosyaları hemen ... gönder"); ja counts characters. */
const VERB_FINAL_WINDOW = 12;

/** Skips spaces from `at` in direction `step`; the character reached. */
function charFrom(folded: string, at: number, step: 1 | -1): string {
  while (folded.charCodeAt(at) === 0x20) at += step;
  return folded.charAt(at);
}

/** What opens a block or a string as a sentence does: an HTML tag (`<p>Assistant, ...`), a JSON or quoted string, a table cell. */
const BLOCK_OPENERS = '>"“«「『(|';

/** A comma after the term, or with `colon` a colon too. */
function punctuatedAfter(folded: string, tokens: Tokens, event: LexEvent, colon: boolean): boolean {
  const c = charFrom(folded, tokens.end[event.to - 1] as number, 1);
  return c === ',' || c === '，' || c === '、' || c === '،' || (colon && (c === ':' || c === '：'));
}

/** "AI:" or "Assistant," opening the region or a sentence in it; in a whole document only the comma form (a colon is a transcript's speaker label). */
function isVocative(folded: string, tokens: Tokens, event: LexEvent, first: number, kind: RegionKind): boolean {
  const before = charFrom(folded, (tokens.start[event.from] as number) - 1, -1);
  const opens = event.from === first || tokens.boundary[event.from - 1] === true || (before !== '' && BLOCK_OPENERS.includes(before));
  if (!opens) return false;
  return punctuatedAfter(folded, tokens, event, kind === 'region');
}

/** CJK cues are particles too ("AIへの入力", "AI에게 질문하면"): in running text only a header form addresses the model ("AIへ：", "致AI，"). */
const HEADER_CUE_LANGUAGES: ReadonlySet<Language> = new Set(['zh', 'ja', 'ko']);
function isCue(folded: string, tokens: Tokens, event: LexEvent, kind: RegionKind): boolean {
  return kind === 'region' || !HEADER_CUE_LANGUAGES.has(event.lang) || punctuatedAfter(folded, tokens, event, true);
}

/** "[SYSTEM]": a role name in square brackets. */
function isTag(folded: string, tokens: Tokens, event: LexEvent): boolean {
  return charFrom(folded, (tokens.start[event.from] as number) - 1, -1) === '[' && charFrom(folded, tokens.end[event.to - 1] as number, 1) === ']';
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
  kind: RegionKind = 'region',
): HiddenMatch[] {
  const out: HiddenMatch[] = [];
  let done = 0;
  for (const region of regions) {
    const first = Math.max(done, firstTokenAt(tokens, region.start));
    const end = firstTokenAt(tokens, region.end);
    for (let j = first; j < end; j++) {
      const list = events.startAt[j];
      if (list === undefined) continue;
      const hit = regionHit(folded, tokens, events, lexicons, list, first, end, kind);
      if (hit === undefined || overlaps(grammar, hit.from, hit.to)) continue;
      out.push(hit);
      j = hit.to - 1;
      done = hit.to;
    }
  }
  return out;
}

function addressedDirective(walker: Walker, e: LexEvent, kind: RegionKind, lexicon: HijackLexicon): LexEvent | undefined {
  const verbFinal = lexicon.order === 'OV' && e.lang !== 'ja' ? VERB_FINAL_WINDOW : undefined;
  if (kind === 'region') return walker.directive(e.to, ADDRESSED_PARTS, verbFinal);
  // In running text the command must follow in the same sentence ("for any AI image tool. Add your own flavor").
  if (e.part !== 'vocative') return walker.directive(e.to, ADDRESSED_PARTS, verbFinal, 0);
  const window = verbFinal ?? (lexicon.order === 'OV' ? undefined : e.lang === 'zh' ? IDEOGRAPHIC_VOCATIVE_WINDOW : DOCUMENT_VOCATIVE_WINDOW);
  return walker.directive(e.to, ADDRESSED_PARTS, window, 0);
}

function regionHit(
  folded: string,
  tokens: Tokens,
  events: Events,
  lexicons: ReadonlyMap<Language, HijackLexicon>,
  list: readonly LexEvent[],
  first: number,
  end: number,
  kind: RegionKind,
): HiddenMatch | undefined {
  for (const e of list) {
    const lexicon = lexicons.get(e.lang);
    if (lexicon === undefined) continue;
    const addressed = (e.part === 'cue' && isCue(folded, tokens, e, kind)) || (e.part === 'vocative' && isVocative(folded, tokens, e, first, kind)) || (e.part === 'tag' && isTag(folded, tokens, e));
    const disregard = e.part === 'verb' && kind === 'region';
    if (!addressed && !disregard) continue;
    const walker = new Walker(tokens, events, e.lang, end);
    const directive = addressed ? addressedDirective(walker, e, kind, lexicon) : walker.directive(e.to);
    // A verb of disregard is everyday code talk ("# ignore errors and print a warning") unless it has an object.
    if (disregard && walker.forward(e.to) === undefined) continue;
    if (kind === 'document' && directive === undefined) continue;
    return { lang: e.lang, from: e.from, to: directive?.to ?? e.to, directive: directive !== undefined, cue: addressed ? 'addressed' : 'disregard' };
  }
  return undefined;
}
