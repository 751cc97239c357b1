/**
 * Exact literal prefilter for groups of regexes. Each phrase (regex alternative) needs some literals to
 * be present (literals.ts); one pass of a single literal regex over the text finds which are, and a key's
 * regex runs only when one of its phrases has all its checked literal sets present. Skipping a regex none
 * of whose phrases can match changes no result; on ordinary text it skips nearly all of them.
 */
import { requiredLiterals, setRarity } from './literals.js';

export interface PrefilterOptions {
  /** Sets checked per phrase: the rarest gates the phrase, the next ones cut coincidental hits. */
  setsPerPhrase: number;
  /** Sets whose commonest member is this common ("a", "to") cost scan hits and reject almost nothing. */
  minRarity: number;
  /**
   * Literals are lowercased and the scanned text must be too: for case-insensitive sources. Only ASCII
   * literals are kept then, whose lowercase form survives toLowerCase of any text around them.
   */
  foldCase: boolean;
}

export interface Prefilter<K extends string> {
  /** Every checked literal, matched longest first at each position. */
  scan: RegExp;
  /** Matched literal -> ids of the sets it satisfies: its own and those of the literals it starts with. */
  setsOf: ReadonlyMap<string, readonly number[]>;
  /** Per key, its phrases as the set ids each needs; a phrase with no usable set needs nothing. */
  phrases: ReadonlyMap<K, readonly (readonly number[])[]>;
  setCount: number;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  end: boolean;
}

/** Escapes syntax and control characters only: V8 stops optimizing a regex whose source passes 20 KB. */
function escapeUnit(c: string): string {
  if (/[\\^$.*+?()[\]{}|/-]/.test(c)) return `\\${c}`;
  return c.charCodeAt(0) < 0x20 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c;
}

/** Alternation of the literals as a trie, children before the end: the longest literal at a position wins. */
function trieSource(node: TrieNode): string {
  const branches = [...node.next].map(([unit, child]) => escapeUnit(unit) + trieSource(child));
  if (branches.length === 0) return '';
  if (branches.length === 1 && !node.end) return branches[0] as string;
  return `(?:${branches.join('|')}${node.end ? '|' : ''})`;
}

function literalScan(literals: Iterable<string>): RegExp {
  const root: TrieNode = { next: new Map(), end: false };
  for (const lit of literals) {
    let node = root;
    for (let i = 0; i < lit.length; i++) {
      const unit = lit.charAt(i);
      let child = node.next.get(unit);
      if (child === undefined) {
        child = { next: new Map(), end: false };
        node.next.set(unit, child);
      }
      node = child;
    }
    node.end = true;
  }
  return new RegExp(trieSource(root), 'g');
}

/**
 * Builds the prefilter of keyed phrases. A phrase is the list of regex sources that must all match for it
 * to match (usually one); a key may match when any of its phrases may.
 */
export function buildPrefilter<K extends string>(phrases: ReadonlyMap<K, readonly (readonly string[])[]>, options: PrefilterOptions): Prefilter<K> {
  const setIds = new Map<string, number>();
  const literalSets = new Map<string, number[]>();
  const idOf = (set: readonly string[]): number => {
    const name = [...set].sort().join('\u0000');
    let id = setIds.get(name);
    if (id === undefined) {
      id = setIds.size;
      setIds.set(name, id);
      for (const lit of set) literalSets.set(lit, [...(literalSets.get(lit) ?? []), id]);
    }
    return id;
  };
  const needsByKey = new Map<K, number[][]>();
  for (const [key, list] of phrases) {
    needsByKey.set(key, list.map((sources) => sources.flatMap((source) => checkedSets(source, options)).map(idOf)));
  }
  const setsOf = new Map<string, number[]>();
  for (const lit of literalSets.keys()) {
    const ids = new Set<number>();
    for (let len = 1; len <= lit.length; len++) for (const id of literalSets.get(lit.slice(0, len)) ?? []) ids.add(id);
    setsOf.set(lit, [...ids]);
  }
  return { scan: literalScan(literalSets.keys()), setsOf, phrases: needsByKey, setCount: setIds.size };
}

function checkedSets(source: string, o: PrefilterOptions): string[][] {
  let sets = requiredLiterals(source);
  if (o.foldCase) {
    sets = sets.filter((set) => set.every((lit) => /^[\x00-\x7f]*$/.test(lit))).map((set) => [...new Set(set.map((lit) => lit.toLowerCase()))]);
  }
  return sets.filter((set) => setRarity(set) >= o.minRarity).slice(0, o.setsPerPhrase);
}

/** Flags of the sets with a literal present in text (one pass of the literal regex; text folded as the options say). */
export function presentSets(prefilter: Prefilter<string>, text: string): Uint8Array {
  const present = new Uint8Array(prefilter.setCount);
  const re = prefilter.scan;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    for (const id of prefilter.setsOf.get(m[0]) as readonly number[]) present[id] = 1;
    // Literals can overlap ("ignore" inside "xignore"): resume one unit later, not after the match.
    re.lastIndex = m.index + 1;
  }
  return present;
}

/** False when no phrase of key can match a text with these sets present. */
export function mayMatch<K extends string>(prefilter: Prefilter<K>, key: K, present: Uint8Array): boolean {
  const needs = prefilter.phrases.get(key);
  if (needs === undefined) return true;
  return needs.some((sets) => sets.every((id) => present[id] === 1));
}
