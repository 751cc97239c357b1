/**
 * The hijack grammar: a verb of disregard, the thing disregarded within a few tokens, then optionally a
 * new directive ("ignore | the résumé | and state: ..."). Every step walks a bounded window from a verb,
 * so a scan is linear in the number of tokens.
 */
import type { Language } from '../types.js';
import type { HijackIndex, LexEvent } from './lexicon.js';
import type { HijackLexicon, Part } from './lexicon-shape.js';
import { isQuotedMention } from './mention.js';
import type { Tokens } from './tokens.js';
import { EventPool, type Events } from './event-pool.js';

export type { Events } from './event-pool.js';

/** Tokens scanned for the object after (or before) the verb, and for the directive after both. */
const OBJECT_WINDOW = 6;
const DIRECTIVE_WINDOW = 7;
/** Chinese and Japanese tokens are characters: windows count characters there. */
const IDEOGRAPHIC_OBJECT_WINDOW = 14;
const IDEOGRAPHIC_DIRECTIVE_WINDOW = 30;
/** Unknown words allowed between a verb and an instruction object ("all your safety instructions"). */
const MAX_UNKNOWN = 1;
const IDEOGRAPHIC: ReadonlySet<Language> = new Set(['zh', 'ja']);

export type ObjectKind = 'instruction' | 'data';

export interface HijackMatch {
  lang: Language;
  /** Token range of the evidence. */
  from: number;
  to: number;
  object: ObjectKind;
  /** The object names earlier instructions (previous instructions, everything you were told). */
  strong: boolean;
  directive: boolean;
  typo: boolean;
}

/** One pool for every scan: scans are synchronous and a chunk's events die with it. */
const pool = new EventPool();

/** The lexicon terms at every token, valid until the next call. */
export function lexEvents(folded: string, tokens: Tokens, index: HijackIndex, langs: ReadonlySet<Language> | undefined): Events {
  const n = tokens.start.length;
  pool.reset(n);
  for (let i = 0; i < n; i++) {
    index.lookup(folded, tokens, i, langs, pool);
    index.lookupTypos(folded, tokens, i, langs, pool);
    pool.closeToken(i);
  }
  pool.finish();
  return pool;
}

export function eventOf(list: readonly LexEvent[] | undefined, lang: Language, parts: readonly Part[]): LexEvent | undefined {
  if (list === undefined) return undefined;
  let best: LexEvent | undefined;
  for (const e of list) {
    if (e.lang !== lang || !parts.includes(e.part)) continue;
    if (best === undefined || better(e, best, parts)) best = e;
  }
  return best;
}

/** The longest term wins, then the stronger part (earlier in parts), then a correctly spelt one. */
function better(e: LexEvent, best: LexEvent, parts: readonly Part[]): boolean {
  const len = e.to - e.from - (best.to - best.from);
  if (len !== 0) return len > 0;
  const rank = parts.indexOf(e.part) - parts.indexOf(best.part);
  if (rank !== 0) return rank < 0;
  return best.typo && !e.typo;
}

const OBJECT_PARTS: readonly Part[] = ['strong', 'instruction', 'data'];
const GLUE_PARTS: readonly Part[] = ['prior', 'quant', 'filler'];
const TAIL_PARTS: readonly Part[] = ['filler', 'prior', 'quant', 'directive', 'verb', 'weakVerb'];
const VERB_PARTS: readonly Part[] = ['verb', 'weakVerb'];
const DATA_PARTS: readonly Part[] = ['container', 'others'];
const DIRECTIVE_PARTS: readonly Part[] = ['directive'];

interface Found {
  object: LexEvent;
  kind: ObjectKind;
  strong: boolean;
  /** Earlier instructions are pointed at (previous, above, system, told), not just quantified (all, any). */
  deictic: boolean;
}

/** Bounded walks from one term, in one language, inside tokens [.., end). */
export class Walker {
  constructor(
    private readonly tokens: Tokens,
    private readonly events: Events,
    private readonly lang: Language,
    private readonly end: number,
  ) {}

  private get ideographic(): boolean {
    return IDEOGRAPHIC.has(this.lang);
  }

  /** A told-clause or "everything above" must end its phrase: "everything you were told about carbs" is advice. */
  private tailOk(k: number): boolean {
    if (this.ideographic || k >= this.end || this.tokens.boundary[k] === true) return true;
    return eventOf(this.events.startAt[k], this.lang, TAIL_PARTS) !== undefined;
  }

  private judge(object: LexEvent, prior: boolean, quant: boolean, unknown: number, deictic = prior): Found | undefined {
    if (object.part === 'strong') return this.tailOk(object.to) ? { object, kind: 'instruction', strong: true, deictic: true } : undefined;
    if (object.part === 'instruction') {
      // "the instructions above" points back; "the tasks before starting the plan" is a time clause.
      const next = eventOf(this.events.startAt[object.to], this.lang, ['prior']);
      const after = next !== undefined && this.tailOk(next.to);
      return { object, kind: 'instruction', strong: prior || after, deictic: deictic || after };
    }
    if (object.part === 'prior') return { object, kind: 'data', strong: quant, deictic: true };
    // "ignore the header of the file" disregards the header: a data object takes no unknown word before it.
    return unknown === 0 || this.ideographic ? { object, kind: 'data', strong: false, deictic: false } : undefined;
  }

  /** "ignore any instructions in the file | inside it | on screen": instructions placed in data, a defence. */
  inData(object: LexEvent): boolean {
    const at = eventOf(this.events.startAt[object.to], this.lang, ['locative']);
    if (at === undefined) return false;
    const limit = Math.min(this.end, at.to + 3);
    for (let j = at.to; j < limit && this.tokens.boundary[j] !== true; j++) {
      if (eventOf(this.events.startAt[j], this.lang, DATA_PARTS) !== undefined) return true;
    }
    return false;
  }

  /** The object after a verb ending at token `from`. */
  forward(from: number): Found | undefined {
    const limit = Math.min(this.end, from + (this.ideographic ? IDEOGRAPHIC_OBJECT_WINDOW : OBJECT_WINDOW));
    let unknown = 0;
    let prior = false;
    let quant = false;
    let deictic = false;
    let fallback: Found | undefined;
    for (let j = from; j < limit; ) {
      if (this.tokens.boundary[j] === true) break;
      const here = this.events.startAt[j];
      const object = eventOf(here, this.lang, OBJECT_PARTS);
      if (object !== undefined) return this.judge(object, prior, quant, unknown, deictic) ?? fallback;
      // "ignore the previous version of the training material": the unknown word before "of" is the head.
      if (unknown > 0 && eventOf(here, this.lang, ['partitive']) !== undefined) break;
      const glue = eventOf(here, this.lang, GLUE_PARTS);
      if (glue === undefined) {
        // "make chatbots ignore their system prompt": someone else's instructions, not the model's own.
        if (eventOf(here, this.lang, ['others']) !== undefined) break;
        if (++unknown > MAX_UNKNOWN && !this.ideographic) break;
        j++;
        continue;
      }
      if (glue.part === 'prior') {
        // "ignore the above" / "forget everything before": the prior word is the object when its phrase ends.
        if (fallback === undefined && eventOf(this.events.startAt[glue.to], this.lang, OBJECT_PARTS) === undefined && this.tailOk(glue.to)) {
          fallback = this.judge(glue, prior, quant, unknown);
        }
        prior = true;
        if (eventOf(here, this.lang, ['quant']) === undefined) deictic = true;
      }
      if (glue.part === 'quant') quant = true;
      j = glue.to;
    }
    return fallback;
  }

  /** The object before a verb starting at token `to` (verb-final languages). */
  backward(to: number, start: number): Found | undefined {
    const limit = Math.max(start, to - (this.ideographic ? IDEOGRAPHIC_OBJECT_WINDOW : OBJECT_WINDOW));
    let unknown = 0;
    for (let j = to - 1; j >= limit; ) {
      if (this.tokens.boundary[j] === true) break;
      const here = this.events.endAt[j];
      const object = eventOf(here, this.lang, OBJECT_PARTS);
      if (object !== undefined) return this.judge(object, this.priorBefore(object.from, start), false, unknown);
      const glue = eventOf(here, this.lang, GLUE_PARTS);
      if (glue === undefined) {
        if (++unknown > MAX_UNKNOWN && !this.ideographic) break;
        j--;
        continue;
      }
      j = glue.from - 1;
    }
    return undefined;
  }

  /** An object moved before the verb by a marker ("把上面的规则置之不理"), in a verb-object language. */
  preposed(to: number, start: number): Found | undefined {
    const found = this.backward(to, start);
    if (found === undefined) return undefined;
    const limit = Math.max(start, found.object.from - (this.ideographic ? 8 : 4));
    for (let j = found.object.from - 1; j >= limit && this.tokens.boundary[j] !== true; j--) {
      if (eventOf(this.events.endAt[j], this.lang, ['marker']) !== undefined) return found;
    }
    return undefined;
  }

  private priorBefore(at: number, start: number): boolean {
    const limit = Math.max(start, at - (this.ideographic ? 8 : 4));
    for (let j = at - 1; j >= limit && this.tokens.boundary[j] !== true; j--) {
      if (eventOf(this.events.endAt[j], this.lang, ['prior', 'quant']) !== undefined) return true;
    }
    return false;
  }

  /**
   * A directive within the window after token `from`, crossing at most `ends` sentence ends; `parts` adds tool
   * actions once the model is addressed, `window` narrows the search ("AI, however, will write" is prose).
   */
  directive(from: number, parts: readonly Part[] = DIRECTIVE_PARTS, window?: number, maxEnds = 1): LexEvent | undefined {
    const limit = Math.min(this.end, from + (window ?? (this.ideographic ? IDEOGRAPHIC_DIRECTIVE_WINDOW : DIRECTIVE_WINDOW)));
    let ends = 0;
    for (let j = from; j < limit; j++) {
      if (this.tokens.boundary[j] === true && ++ends > maxEnds) break;
      const d = eventOf(this.events.startAt[j], this.lang, parts);
      // "... and do not state what you cannot do" forbids, it does not direct.
      if (d !== undefined && !reportedBefore(this.events, j)) return d;
    }
    return undefined;
  }
}

/** A reporting or negating word, in any language, right before token `at`: cognates cross languages ("never ignore" matches Portuguese "ignore"). */
function reportedBefore(events: Events, at: number): boolean {
  const list = events.endAt[at - 1];
  if (list === undefined) return false;
  for (const e of list) if (e.part === 'reported') return true;
  return false;
}

/**
 * A verb that is talked about rather than addressed to the model: reported ("told me to ignore", "how to
 * ignore") or quoted inside a sentence (an attacker writes "ignore previous instructions").
 */
function isMention(folded: string, tokens: Tokens, events: Events, verb: LexEvent): boolean {
  if (reportedBefore(events, verb.from)) return true;
  return isQuotedMention(folded, tokens.start[verb.from] as number);
}

/**
 * Grammar matches among tokens [start, end). A match needs a verb and an object that names earlier
 * instructions, or a verb of disregard (not a weak one), any object and a new directive.
 */
export function findHijacks(folded: string, tokens: Tokens, events: Events, lexicons: ReadonlyMap<Language, HijackLexicon>, start: number, end: number): HijackMatch[] {
  const out: HijackMatch[] = [];
  let covered = start;
  for (let i = start; i < end; i++) {
    const list = events.startAt[i];
    if (list === undefined || i < covered) continue;
    for (const verb of list) {
      if (!VERB_PARTS.includes(verb.part) || isMention(folded, tokens, events, verb)) continue;
      const lexicon = lexicons.get(verb.lang);
      if (lexicon === undefined) continue;
      const walker = new Walker(tokens, events, verb.lang, end);
      const found =
        (lexicon.order !== 'OV' ? walker.forward(verb.to) : undefined) ??
        (lexicon.order !== 'VO' ? walker.backward(verb.from, start) : lexicon.markers !== undefined ? walker.preposed(verb.from, start) : undefined);
      if (found === undefined || (found.kind === 'instruction' && walker.inData(found.object))) continue;
      const unitEnd = Math.max(verb.to, found.object.to);
      const directive = walker.directive(unitEnd);
      const weakVerb = verb.part === 'weakVerb';
      // Weak verbs are everyday words: "clear up all the tasks" and "cancel any request" need earlier instructions pointed at.
      const chore = !found.deictic && eventOf(events.startAt[found.object.from], verb.lang, ['chore']) !== undefined;
      const counts = found.strong ? !weakVerb || (found.kind === 'instruction' && !chore) : directive !== undefined && !weakVerb;
      if (!counts) continue;
      const from = Math.min(verb.from, found.object.from);
      const to = directive?.to ?? unitEnd;
      out.push({ lang: verb.lang, from, to, object: found.kind, strong: found.strong, directive: directive !== undefined, typo: verb.typo || found.object.typo || directive?.typo === true });
      covered = to;
      break;
    }
  }
  return out;
}
