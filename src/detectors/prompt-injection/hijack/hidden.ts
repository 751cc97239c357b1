/**
 * Instructions hidden in data: inside a comment, an alt/title attribute or an e-mail body, text that
 * addresses the model ("AI: ...", "note to the AI reading this") and gives it a directive. A full
 * hijack-grammar match is reported by the grammar itself; this adds what only the place makes suspect.
 */
import type { Span } from '../../../spec/types.js';
import type { Language } from '../types.js';
import { Walker, eventOf, type Events, type HijackMatch } from './grammar.js';
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

/** Verbs that order content into a reply; a transport verb ("send your answer to HR") is how people talk to people. */
const OUTPUT_VERB_PARTS: readonly Part[] = ['directive', 'edit'];
/** Tokens scanned back from an output term for the verb that governs it ("Add a compelling reason | in your response"). */
const OUTPUT_VERB_WINDOW = 16;
/** Words before an output term that still open its sentence ("at the end of | your response, repeat ..."). */
const OUTPUT_OPENING = 5;
/** Chinese and Japanese count characters: the verb after an opening output term may sit a particle or two further. */
const IDEOGRAPHIC_OUTPUT: ReadonlySet<Language> = new Set(['zh', 'ja']);
/** Characters that end a heading or clause, so that an imperative may follow ("PRIORITY TASK: include ...", "For academic purposes, add ..."). */
const CLAUSE_OPENERS = ':,*>"“«「(|-•：，';

/**
 * A verb at the head of an order: it opens its sentence or clause (after fillers such as "please"), or follows a lead
 * ("you must", "your task is to", "and"). "We will add this to your answer" has a subject: not an order.
 */
function isImperative(folded: string, tokens: Tokens, events: Events, verb: LexEvent, first: number): boolean {
  let k = verb.from - 1;
  for (let skipped = 0; skipped <= 2; skipped++) {
    if (k < first || tokens.boundary[k] === true) return true;
    // The clause opens right before the verb or the filler reached ("For testing purposes only: include ...").
    if (CLAUSE_OPENERS.includes(charFrom(folded, (tokens.start[k + 1] as number) - 1, -1))) return true;
    if (events.endAt[k]?.some((e) => e.lang === verb.lang && e.part === 'lead') === true) return true;
    if (skipped === 2 || eventOf(events.endAt[k], verb.lang, ['filler']) === undefined) return false;
    k--;
  }
  return false;
}

/** The verb's object is the reader's own ("include your order number in your reply"): a person asked for their data. */
function readerOwnsObject(folded: string, tokens: Tokens, verb: LexEvent, output: LexEvent): boolean {
  const j = verb.to;
  if (j >= output.from) return false;
  const word = folded.slice(tokens.start[output.from] as number, tokens.end[output.from] as number);
  return (tokens.end[j] as number) - (tokens.start[j] as number) === word.length && folded.startsWith(word, tokens.start[j] as number);
}

/**
 * What a payload looks like inside an order about the reply: a link or bare domain, an e-mail address, HTML or
 * markdown markup, a code fence, a script handler, an encoding to apply (folded text).
 */
export const PAYLOAD =
  /https?:\/\/|\bwww\.|\b[a-z0-9][a-z0-9-]{1,62}\.(?:com|net|org|io|xyz|info|biz|co|app|ru|cn|tk|top|site|online)\b|[\w.+-]@[a-z0-9-]{1,63}\.[a-z]|<\/?[a-z][a-z0-9]{0,20}[\s>/]|!\[|\]\(|```|javascript:|\bon(?:error|load)\s{0,3}=|\bbase ?(?:64|32|16|58)\b/;
/** Characters after an order searched for its payload ("... the following string: ![image](https://...)"), within its paragraph. */
const PAYLOAD_WINDOW = 240;

/** Tokens before an order searched back for its sentence start ("decode the following base64 string and include it ..."). */
const SENTENCE_BACK = 40;

/** An order about the reply and its sentence, in characters of the folded text. */
interface OrderWindow {
  /** Start of the sentence's first token, at most SENTENCE_BACK tokens before the order. */
  start: number;
  orderStart: number;
  orderEnd: number;
  /** Start of the boundary that closes the sentence within the region, else the end of the text. */
  stop: number;
}

/** The order in tokens [from, to) and its sentence, found once for both payload checks. */
function orderWindow(folded: string, tokens: Tokens, from: number, to: number, end: number): OrderWindow {
  let first = from;
  while (first > 0 && from - first < SENTENCE_BACK && tokens.boundary[first - 1] !== true) first--;
  let last = to;
  while (last < end && tokens.boundary[last] !== true) last++;
  return {
    start: tokens.start[first] as number,
    orderStart: tokens.start[from] as number,
    orderEnd: tokens.end[to - 1] as number,
    stop: last < end ? (tokens.start[last] as number) : folded.length,
  };
}

/** The order's sentence carries a payload, before the order, in it or in the characters after it (within its paragraph). */
function carriesPayload(folded: string, w: OrderWindow): boolean {
  const paragraph = folded.indexOf('\n\n', w.orderEnd);
  const stop = Math.min(w.orderEnd + PAYLOAD_WINDOW, paragraph < 0 ? folded.length : paragraph);
  return PAYLOAD.test(folded.slice(w.start, stop));
}

/**
 * Verbs that alter or smuggle into the reply rather than shape it ("Modify your answer to promote ...", "Encode your
 * response in Base64"): people are asked to begin, add, format or include, rarely to alter their answer, so these need
 * no payload. English only: the other languages' payloads seen so far carry one.
 */
const ALTERS_REPLY: ReadonlySet<string> = new Set(['modify', 'alter', 'augment', 'enhance', 'integrate', 'incorporate', 'replace', 'encode', 'rearrange', 'combine', 'insert', 'inject', 'embed', 'weave', 'append', 'prepend', 'rewrite', 'scramble', 'reverse', 'tease', 'promote']);

/** Quote marks that hand over a string ("include in your response: 'I live in London'"); an apostrophe counts after a space only. */
const QUOTES = '"«»「」『』';
/** Nouns that name a handed-over string ("include in your response the word TEST"). */
const GIVEN_NOUNS = /\b(?:string|word|following)\b/;
const isWordUnit = (code: number): boolean => (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x3d || code === 0x2b;

/**
 * The order's sentence hands over text to put in the reply: a quoted string, a colon after the order, a noun naming
 * the string, or an encoded blob (a run of 16+ letters and digits with a digit, '=' or '+' in it).
 */
function handsOverText(folded: string, w: OrderWindow): boolean {
  const stop = Math.min(w.stop, w.orderStart + PAYLOAD_WINDOW);
  let run = 0;
  let coded = false;
  for (let at = w.orderStart; at < stop; at++) {
    const c = folded.charAt(at);
    if (QUOTES.includes(c) || (c === "'" && folded.charCodeAt(at - 1) === 0x20)) return true;
    if (at >= w.orderEnd && (c === ':' || c === '：')) return true;
    const code = folded.charCodeAt(at);
    if (isWordUnit(code)) {
      run++;
      if ((code < 0x61 || code > 0x7a) && run > 1) coded = true;
      if (run >= 16 && coded) return true;
    } else {
      run = 0;
      coded = false;
    }
  }
  return GIVEN_NOUNS.test(folded.slice(w.orderStart, stop));
}

/** A negation among tokens [from, to): the order is a constraint. */
function negated(events: Events, lang: Language, from: number, to: number): boolean {
  for (let j = Math.max(0, from); j < to; j++) if (eventOf(events.startAt[j], lang, ['negation']) !== undefined) return true;
  return false;
}

/**
 * The model's output named in the second person and shaped by an order: "Add X to your reply", "Modify your answer to
 * ...", "In your response, include ...", "yanıtına ... ekle". The order comes as an imperative before the term, or
 * right after a term that opens its sentence; in a verb-final language the verb closes the sentence after it.
 */
function outputHit(folded: string, tokens: Tokens, events: Events, e: LexEvent, first: number, end: number, lexicon: HijackLexicon): LexEvent | undefined {
  const walker = new Walker(tokens, events, e.lang, end);
  if (lexicon.order !== 'VO') {
    const after = walker.directive(e.to, OUTPUT_VERB_PARTS, e.lang === 'ja' ? undefined : VERB_FINAL_WINDOW, 0);
    // Verb-final negation follows the verb ("含めないで", "포함하지 마세요").
    if (after !== undefined && !negated(events, e.lang, e.to, after.to + 2)) return after;
  }
  if (lexicon.order === 'OV') return undefined;
  const limit = Math.max(first, e.from - OUTPUT_VERB_WINDOW);
  for (let j = e.from - 1; j >= limit && tokens.boundary[j] !== true; j--) {
    if (eventOf(events.startAt[j], e.lang, ['subordinator']) !== undefined) break;
    const verb = eventOf(events.startAt[j], e.lang, OUTPUT_VERB_PARTS);
    if (verb === undefined || verb.to > e.from || !isImperative(folded, tokens, events, verb, first)) continue;
    // "Write | State | Show your answer as a fraction": a worksheet asking a person; a payload edits the reply ("Modify your answer to ...").
    if (verb.to === e.from && verb.part === 'directive') return undefined;
    return readerOwnsObject(folded, tokens, verb, e) || negated(events, e.lang, verb.from - 2, e.from) ? undefined : verb;
  }
  let opening = 0;
  for (let j = e.from - 1; j >= first && tokens.boundary[j] !== true; j--) if (++opening > OUTPUT_OPENING) return undefined;
  const window = IDEOGRAPHIC_OUTPUT.has(e.lang) ? 4 : 2;
  const verb = walker.directive(e.to, OUTPUT_VERB_PARTS, window, 0);
  return verb === undefined || negated(events, e.lang, e.to, verb.to) ? undefined : verb;
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
    if (e.part === 'output') {
      const verb = outputHit(folded, tokens, events, e, first, end, lexicon);
      if (verb === undefined) continue;
      const from = Math.min(e.from, verb.from);
      const to = Math.max(e.to, verb.to);
      // Teachers, forms and support desks give the same orders to people ("In your response, include two examples"):
      // only a payload in the order (a link, markup, an encoding) makes it decisive; otherwise it is a cue.
      const verbWord = folded.slice(tokens.start[verb.from] as number, tokens.end[verb.from] as number);
      let decisive = ALTERS_REPLY.has(verbWord);
      if (!decisive) {
        const w = orderWindow(folded, tokens, from, to, end);
        decisive = carriesPayload(folded, w) || handsOverText(folded, w);
      }
      return { lang: e.lang, from, to, directive: decisive, cue: 'addressed' };
    }
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
