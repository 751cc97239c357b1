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
/** Every ASCII code unit folded (the pairs are all ASCII): a load per character, not a Map lookup, when toxicity squeezes a text. */
const LEET = Uint8Array.from({ length: 128 }, (_, c) => LEET_PAIRS.find(([a]) => a.charCodeAt(0) === c)?.[1].charCodeAt(0) ?? c);

/** Leetspeak fold for MatcherOptions.fold, one code unit to one so offsets stay aligned: `1d10t` reads as `idiot`. */
export const foldLeet = (c: number): number => ((c & ~0x7f) === 0 ? (LEET[c] as number) : c);

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

interface TrieNode {
  next: Map<number, number>;
  depth: number;
  /** Term index ending here, or -1. */
  out: number;
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

/** Longest term suffixes tried per text position (bounds the walk down the dictionary links). */
const MAX_SUFFIX_STEPS = 8;
/** Transition-row entries per matcher: rows go to the shallowest branching nodes first, the hottest ones. */
const MAX_ROW_ENTRIES = 1 << 20;

interface Trie {
  nodes: TrieNode[];
  /** Normalized code unit -> symbol (1..size). */
  symbols: Map<number, number>;
  /** Per term: whether its first and last characters are word characters. */
  edges: Array<{ start: boolean; end: boolean }>;
}

function buildTrie(terms: readonly string[], norm: (c: number) => number): Trie {
  const symbols = new Map<number, number>();
  const nodes: TrieNode[] = [{ next: new Map(), depth: 0, out: -1 }];
  const edges: Trie['edges'] = [];
  terms.forEach((term, index) => {
    let n = 0;
    for (let i = 0; i < term.length; i++) {
      const c = norm(term.charCodeAt(i));
      let sym = symbols.get(c);
      if (sym === undefined) {
        sym = symbols.size + 1;
        symbols.set(c, sym);
      }
      let child = (nodes[n] as TrieNode).next.get(sym);
      if (child === undefined) {
        child = nodes.length;
        nodes.push({ next: new Map(), depth: i + 1, out: -1 });
        (nodes[n] as TrieNode).next.set(sym, child);
      }
      n = child;
    }
    const node = nodes[n] as TrieNode;
    if (node.out === -1 && term.length > 0) node.out = index;
    edges[index] = { start: TERM_PATTERNS.wordChar.test(term[0] ?? ''), end: TERM_PATTERNS.wordChar.test(term[term.length - 1] ?? '') };
  });
  return { nodes, symbols, edges };
}

/**
 * Builds the automaton. The trie is built with maps, then flattened into typed arrays: code units are
 * mapped to dense symbols (0 = used by no term, so the automaton resets without a lookup); the root and
 * branching nodes get a row of resolved transitions (within MAX_ROW_ENTRIES), other nodes keep their
 * single edge and fail link. The per-character loop then does no hashing and no allocation.
 */
export function buildMatcher(terms: readonly string[], opts: MatcherOptions): TermMatcher {
  const norm = (c: number): number => {
    const f = opts.fold ? opts.fold(c) : c;
    return opts.caseSensitive ? f : lower(f);
  };
  const { nodes: trie, symbols, edges } = buildTrie(terms, norm);

  const count = trie.length;
  const width = symbols.size + 1;
  const depth = new Int32Array(count);
  const out = new Int32Array(count);
  const fail = new Int32Array(count);
  const edgeStart = new Int32Array(count + 1);
  const edgeSym = new Int32Array(Math.max(0, count - 1));
  const edgeTo = new Int32Array(Math.max(0, count - 1));
  // Nodes are numbered breadth-first in the tables. Ordinary text keeps the automaton near the root, so its
  // per-node entries then share a few cache lines instead of being spread over the tables in term order:
  // fewer lines to fetch on every scan, and far fewer when the caches were evicted between requests.
  const byLevel: number[] = [0];
  for (let qi = 0; qi < byLevel.length; qi++) for (const child of (trie[byLevel[qi] as number] as TrieNode).next.values()) byLevel.push(child);
  const renumbered = new Int32Array(count);
  byLevel.forEach((old, n) => (renumbered[old] = n));
  let e = 0;
  for (let n = 0; n < count; n++) {
    const node = trie[byLevel[n] as number] as TrieNode;
    depth[n] = node.depth;
    out[n] = node.out;
    edgeStart[n] = e;
    for (const [sym, child] of node.next) {
      edgeSym[e] = sym;
      edgeTo[e++] = renumbered[child] as number;
    }
  }
  edgeStart[count] = e;

  // Breadth-first order: a node's fail link and row depend only on shallower nodes.
  const order: number[] = [0];
  for (let qi = 0; qi < order.length; qi++) {
    const n = order[qi] as number;
    for (let k = edgeStart[n] as number; k < (edgeStart[n + 1] as number); k++) order.push(edgeTo[k] as number);
  }
  const rowOf = new Int32Array(count).fill(-1);
  let rowCount = 0;
  // The root always has a row: it ends every fail chain.
  for (const n of order) {
    if (n > 0 && (rowCount + 1) * width > MAX_ROW_ENTRIES) break;
    if (n === 0 || (edgeStart[n + 1] as number) - (edgeStart[n] as number) > 1) rowOf[n] = rowCount++ * width;
  }
  const rows = new Int32Array(rowCount * width);

  /** Automaton transition from node s on sym (0 when no term continues). */
  const step = (s: number, sym: number): number => {
    for (;;) {
      const row = rowOf[s] as number;
      if (row >= 0) return rows[row + sym] as number;
      for (let k = edgeStart[s] as number, stop = edgeStart[s + 1] as number; k < stop; k++) if (edgeSym[k] === sym) return edgeTo[k] as number;
      s = fail[s] as number;
    }
  };

  // report[n]: the nearest node on n's fail chain (n included) where a term ends, or -1.
  const report = new Int32Array(count).fill(-1);
  for (const n of order) {
    if (n > 0) report[n] = (out[n] as number) >= 0 ? n : (report[fail[n] as number] as number);
    const row = rowOf[n] as number;
    if (row >= 0 && n > 0) for (let sym = 1; sym < width; sym++) rows[row + sym] = step(fail[n] as number, sym);
    for (let k = edgeStart[n] as number; k < (edgeStart[n + 1] as number); k++) {
      const c = edgeTo[k] as number;
      fail[c] = n === 0 ? 0 : step(fail[n] as number, edgeSym[k] as number);
      if (row >= 0) rows[row + (edgeSym[k] as number)] = c;
    }
  }
  // Dictionary link: the next node down the fail chain where a term ends.
  const dict = new Int32Array(count);
  for (let n = 0; n < count; n++) dict[n] = n === 0 ? -1 : (report[fail[n] as number] as number);

  const asciiSymbols = new Int32Array(128);
  for (let c = 0; c < 128; c++) asciiSymbols[c] = symbols.get(norm(c)) ?? 0;
  const startsWord = new Uint8Array(terms.length);
  const endsWord = new Uint8Array(terms.length);
  edges.forEach((edge, i) => {
    startsWord[i] = opts.wholeWord && edge.start ? 1 : 0;
    endsWord[i] = opts.wholeWord && edge.end ? 1 : 0;
  });
  // What find() reads of the current node on every character, side by side: its row, then its report.
  const rowReport = new Int32Array(2 * count);
  for (let n = 0; n < count; n++) {
    rowReport[2 * n] = rowOf[n] as number;
    rowReport[2 * n + 1] = report[n] as number;
  }
  return new AhoCorasick(terms.length, { symbols, norm, asciiSymbols, rowReport, rows, edgeStart, edgeSym, edgeTo, fail, dict, depth, out, startsWord, endsWord });
}

interface Automaton {
  symbols: ReadonlyMap<number, number>;
  norm: (c: number) => number;
  asciiSymbols: Int32Array;
  /** Per node n: at 2n the offset of its row in rows (-1: none), at 2n + 1 its report (see buildMatcher). */
  rowReport: Int32Array;
  rows: Int32Array;
  edgeStart: Int32Array;
  edgeSym: Int32Array;
  edgeTo: Int32Array;
  fail: Int32Array;
  dict: Int32Array;
  depth: Int32Array;
  out: Int32Array;
  /** Per term, 1 when a word character must not precede (startsWord) or follow (endsWord) it. */
  startsWord: Uint8Array;
  endsWord: Uint8Array;
}

/**
 * Called as `charCodeAt.call(text, i)`: `text.charCodeAt` looks the method up on the receiver's map, and
 * the strings reaching a matcher come in many representations (flat, sliced, concatenated, one- or
 * two-byte, internalized), which soon makes that lookup megamorphic, a generic load per character.
 */
const charCodeAt = String.prototype.charCodeAt;

const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => (TERM_PATTERNS.wordChar.test(String.fromCharCode(c)) ? 1 : 0));

function isWordCharAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const code = charCodeAt.call(text, i);
  return code < 128 ? ASCII_WORD[code] === 1 : TERM_PATTERNS.wordChar.test(text[i] as string);
}

/**
 * The automaton's tables live on an instance rather than in closures: every matcher then shares one
 * optimized find() whose loads stay monomorphic, however many matchers exist.
 */
class AhoCorasick implements TermMatcher {
  constructor(
    readonly size: number,
    private readonly a: Automaton,
  ) {}

  /** Symbol of a code unit beyond ASCII (0 when no term uses it); kept out of find's ASCII path. */
  private wideSymbol(code: number): number {
    return this.a.symbols.get(this.a.norm(code)) ?? 0;
  }

  find(text: string): TermHit[] {
    const { asciiSymbols, rowReport, rows, edgeStart, edgeSym, edgeTo, fail, dict, depth, out, startsWord, endsWord } = this.a;
    const n = text.length;
    const raw: TermHit[] = [];
    let state = 0;
    for (let i = 0; i < n; i++) {
      const code = charCodeAt.call(text, i);
      const sym = code < 128 ? (asciiSymbols[code] as number) : this.wideSymbol(code);
      if (sym === 0) {
        state = 0;
        continue;
      }
      // Automaton transition: a resolved row, else the node's own edges, else down the fail link.
      for (;;) {
        const row = rowReport[2 * state] as number;
        if (row >= 0) {
          state = rows[row + sym] as number;
          break;
        }
        let to = -1;
        for (let k = edgeStart[state] as number, stop = edgeStart[state + 1] as number; k < stop; k++) {
          if (edgeSym[k] === sym) {
            to = edgeTo[k] as number;
            break;
          }
        }
        if (to >= 0) {
          state = to;
          break;
        }
        state = fail[state] as number;
      }
      // Longest accepted term ending here; bounded walk down the dictionary links.
      let k = rowReport[2 * state + 1] as number;
      for (let steps = 0; k > 0 && steps < MAX_SUFFIX_STEPS; steps++) {
        const term = out[k] as number;
        const start = i + 1 - (depth[k] as number);
        if (!(startsWord[term] === 1 && isWordCharAt(text, start - 1)) && !(endsWord[term] === 1 && isWordCharAt(text, i + 1))) {
          raw.push({ start, end: i + 1, term });
          break;
        }
        k = dict[k] as number;
      }
    }
    return leftmostLongest(raw);
  }
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
