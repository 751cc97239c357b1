/**
 * Multi-term literal matcher (Aho-Corasick): one pass over the text whatever the number of terms,
 * with optional case folding, whole-word boundaries and a per-character fold (e.g. leetspeak) that
 * keeps offsets aligned with the original text.
 */
import type { Span } from '../../spec/types.js';

export const TERM_PATTERNS = {
  wordChar: /[\p{L}\p{N}\p{M}_]/u,
};

const LEET_PAIRS: ReadonlyArray<readonly [string, string]> = [['0', 'o'], ['1', 'i'], ['3', 'e'], ['4', 'a'], ['5', 's'], ['7', 't'], ['@', 'a'], ['$', 's'], ['!', 'i']];
const LEET: ReadonlyMap<number, number> = new Map(LEET_PAIRS.map(([a, b]) => [a.charCodeAt(0), b.charCodeAt(0)]));

/** Leetspeak fold for MatcherOptions.fold, one code unit to one so offsets stay aligned: `1d10t` reads as `idiot`. */
export const foldLeet = (c: number): number => LEET.get(c) ?? c;

export interface MatcherOptions {
  caseSensitive: boolean;
  wholeWord: boolean;
  /** Maps one UTF-16 code unit to another before matching (applied to terms and text alike). */
  fold?: (code: number) => number;
}

export interface TermHit extends Span {
  /** Index of the matched term in the list given to buildMatcher. */
  term: number;
}

export interface TermMatcher {
  find(text: string): TermHit[];
  readonly size: number;
}

interface Node {
  next: Map<number, number>;
  fail: number;
  /** Term index ending here, or -1. */
  out: number;
  /** Nearest node on the fail chain with out >= 0 (dictionary suffix link), or -1. */
  dict: number;
  depth: number;
}

const lowerCache = new Map<number, number>();

function lower(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 32 : c;
  let l = lowerCache.get(c);
  if (l === undefined) {
    const s = String.fromCharCode(c).toLowerCase();
    l = s.length === 1 ? s.charCodeAt(0) : c;
    lowerCache.set(c, l);
  }
  return l;
}

function isWordChar(text: string, i: number): boolean {
  return i >= 0 && i < text.length && TERM_PATTERNS.wordChar.test(text[i] as string);
}

export function buildMatcher(terms: readonly string[], opts: MatcherOptions): TermMatcher {
  const norm = (c: number): number => {
    const f = opts.fold ? opts.fold(c) : c;
    return opts.caseSensitive ? f : lower(f);
  };
  const nodes: Node[] = [{ next: new Map(), fail: 0, out: -1, dict: -1, depth: 0 }];
  const edges: Array<{ start: boolean; end: boolean }> = [];
  terms.forEach((term, index) => {
    let n = 0;
    for (let i = 0; i < term.length; i++) {
      const c = norm(term.charCodeAt(i));
      let child = (nodes[n] as Node).next.get(c);
      if (child === undefined) {
        child = nodes.length;
        nodes.push({ next: new Map(), fail: 0, out: -1, dict: -1, depth: i + 1 });
        (nodes[n] as Node).next.set(c, child);
      }
      n = child;
    }
    const node = nodes[n] as Node;
    if (node.out === -1 && term.length > 0) node.out = index;
    edges[index] = { start: TERM_PATTERNS.wordChar.test(term[0] ?? ''), end: TERM_PATTERNS.wordChar.test(term[term.length - 1] ?? '') };
  });
  // Breadth-first fail links.
  const queue: number[] = [...(nodes[0] as Node).next.values()];
  for (let qi = 0; qi < queue.length; qi++) {
    const n = nodes[queue[qi] as number] as Node;
    for (const [c, child] of n.next) {
      let f = n.fail;
      while (f !== 0 && !(nodes[f] as Node).next.has(c)) f = (nodes[f] as Node).fail;
      const target = (nodes[f] as Node).next.get(c);
      const childNode = nodes[child] as Node;
      childNode.fail = target !== undefined && target !== child ? target : 0;
      const failNode = nodes[childNode.fail] as Node;
      childNode.dict = failNode.out >= 0 ? childNode.fail : failNode.dict;
      queue.push(child);
    }
  }

  const accepts = (text: string, start: number, end: number, term: number): boolean => {
    if (!opts.wholeWord) return true;
    const e = edges[term] as { start: boolean; end: boolean };
    return !(e.start && isWordChar(text, start - 1)) && !(e.end && isWordChar(text, end));
  };

  return {
    size: terms.length,
    find(text: string): TermHit[] {
      const raw: TermHit[] = [];
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        const c = norm(text.charCodeAt(i));
        let s = state;
        let next = (nodes[s] as Node).next.get(c);
        while (next === undefined && s !== 0) {
          s = (nodes[s] as Node).fail;
          next = (nodes[s] as Node).next.get(c);
        }
        state = next ?? 0;
        // Longest accepted term ending here; bounded walk down the dictionary links.
        let k = (nodes[state] as Node).out >= 0 ? state : (nodes[state] as Node).dict;
        for (let steps = 0; k > 0 && steps < 8; steps++) {
          const node = nodes[k] as Node;
          const start = i + 1 - node.depth;
          if (accepts(text, start, i + 1, node.out)) {
            raw.push({ start, end: i + 1, term: node.out });
            break;
          }
          k = node.dict;
        }
      }
      return leftmostLongest(raw);
    },
  };
}

/** Non-overlapping hits, preferring the earliest start and then the longest. */
function leftmostLongest(hits: TermHit[]): TermHit[] {
  if (hits.length < 2) return hits;
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TermHit[] = [];
  let end = -1;
  for (const h of hits) {
    if (h.start < end) continue;
    out.push(h);
    end = h.end;
  }
  return out;
}
