/** Applies neutralisation escapes to held text and maps positions across the characters they insert. */
import type { Neutralisation } from './open-constructs.js';

export interface Neutralised {
  text: string;
  /** Where each escape now starts, in the order of `edits` after sorting. */
  at: number[];
  /** Maps a position before the edits to the same character after them. */
  moved(position: number): number;
}

/** `text[0]` sits at absolute position `base`; `edits` are absolute and sorted here. */
export function applyNeutralisations(text: string, base: number, edits: Neutralisation[]): Neutralised {
  edits.sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  /** insertedUpTo[k]: characters the edits up to and including edit k add. */
  const insertedUpTo: number[] = [];
  const at: number[] = [];
  let inserted = 0;
  for (const e of edits) {
    out += text.slice(from, e.at - base) + e.replacement;
    from = e.at - base + 1;
    at.push(e.at + inserted);
    inserted += e.replacement.length - 1;
    insertedUpTo.push(inserted);
  }
  const moved = (position: number): number => {
    let lo = 0;
    let hi = edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((edits[mid] as Neutralisation).at < position) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? position : position + (insertedUpTo[lo - 1] as number);
  };
  return { text: out + text.slice(from), at, moved };
}
