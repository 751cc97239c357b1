/**
 * The lexicon events of one chunk, in storage reused from scan to scan: the event objects, the per-token
 * lists and both indexes are written in place, so once the pool has grown to the largest chunk (bounded by
 * the chunking in index.ts) a scan allocates nothing here. Scans are synchronous and no event outlives the
 * chunk it was found in (matches copy what they need), so one pool serves every scan.
 */
import type { Language } from '../types.js';
import type { EventSink, LexEvent } from './lexicon.js';
import type { Part } from './lexicon-shape.js';

/** Lexicon events by token: those starting at a token and those ending at it. */
export interface Events {
  startAt: Array<LexEvent[] | undefined>;
  endAt: Array<LexEvent[] | undefined>;
}

export class EventPool implements Events, EventSink {
  readonly startAt: Array<LexEvent[] | undefined> = [];
  readonly endAt: Array<LexEvent[] | undefined> = [];
  readonly #events: LexEvent[] = [];
  #eventsUsed = 0;
  /** Events found at the current token: #events[#tokenFrom, #eventsUsed). */
  #tokenFrom = 0;
  readonly #lists: LexEvent[][] = [];
  #listsUsed = 0;
  #endCount = new Int32Array(0);
  #tokens = 0;

  /** Starts a chunk of n tokens: every token without events. */
  reset(n: number): void {
    this.startAt.fill(undefined, 0, this.#tokens);
    this.endAt.fill(undefined, 0, this.#tokens);
    // Grown by appending, so the arrays stay dense however far apart the events fall.
    while (this.startAt.length < n) this.startAt.push(undefined);
    while (this.endAt.length < n) this.endAt.push(undefined);
    if (this.#endCount.length < n) this.#endCount = new Int32Array(Math.max(n, 2 * this.#endCount.length));
    else this.#endCount.fill(0, 0, n);
    this.#tokens = n;
    this.#eventsUsed = 0;
    this.#tokenFrom = 0;
    this.#listsUsed = 0;
  }

  /** A term found at the current token (the lexicon's lookups call this). */
  add(lang: Language, part: Part, from: number, to: number, typo: boolean): void {
    const e = this.#events[this.#eventsUsed];
    if (e === undefined) this.#events.push({ lang, part, from, to, typo });
    else {
      e.lang = lang;
      e.part = part;
      e.from = from;
      e.to = to;
      e.typo = typo;
    }
    this.#eventsUsed++;
  }

  /**
   * Ends the lookups at token i and lists what they found there. A stem and a typo variant of it can both
   * match a correctly spelt word: the typo reading is dropped where a correct one of the same language and
   * part ends at the same token.
   */
  closeToken(i: number): void {
    const from = this.#tokenFrom;
    const to = this.#eventsUsed;
    this.#tokenFrom = to;
    if (from === to) return;
    const list = this.#list();
    let count = 0;
    for (let k = from; k < to; k++) {
      const e = this.#events[k] as LexEvent;
      if (e.typo && this.#correctReading(e, from, to)) continue;
      list[count++] = e;
      const last = e.to - 1;
      const ends = (this.endAt[last] ??= this.#list());
      ends[(this.#endCount[last] as number)++] = e;
    }
    list.length = count;
    this.startAt[i] = list;
  }

  /** After the last token: cuts each end list to what this chunk wrote into it. */
  finish(): void {
    for (let j = 0; j < this.#tokens; j++) {
      const ends = this.endAt[j];
      if (ends !== undefined) ends.length = this.#endCount[j] as number;
    }
  }

  #correctReading(e: LexEvent, from: number, to: number): boolean {
    for (let k = from; k < to; k++) {
      const o = this.#events[k] as LexEvent;
      if (!o.typo && o.lang === e.lang && o.part === e.part && o.to === e.to) return true;
    }
    return false;
  }

  /** A pooled list whose old entries the caller overwrites and then cuts off by setting its length. */
  #list(): LexEvent[] {
    let list = this.#lists[this.#listsUsed];
    if (list === undefined) this.#lists.push((list = []));
    this.#listsUsed++;
    return list;
  }
}
