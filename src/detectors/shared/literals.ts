/**
 * Required literals of a regex, derived from its source: sets of strings such that every match of the
 * regex contains at least one string of each set. A phrase whose required sets are not all present in a
 * text cannot match it, which lets the detector skip whole family regexes without changing any result.
 * Derived from the same sources the family regexes compile from, so the two cannot drift apart.
 */
import { Parser, type Node } from './regex-ast.js';

/** A finite language bigger than this is no longer tracked exactly (cross products grow fast). */
const MAX_STRINGS = 16;
/** Classes with more members than this carry no useful literal. */
const MAX_CLASS_CHARS = 8;

interface Literals {
  /** Every string the node can match, when that set is small; null otherwise. */
  exact: string[] | null;
  /** Sets of which every match contains one member each (conjunction of disjunctions). */
  required: string[][];
}

const UNKNOWN: Literals = { exact: null, required: [] };
const EMPTY: Literals = { exact: [''], required: [] };

const CONTROL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };

/** The character an escape (`\n`, `\.`, `\u00e9`) stands for, or null for class escapes (`\s`, `\d`, ...). */
function escapedChar(src: string): string | null {
  const c = src.charAt(1);
  if (c in CONTROL_ESCAPES) return CONTROL_ESCAPES[c] as string;
  if ((c === 'u' || c === 'x') && src.length > 2) return String.fromCharCode(parseInt(src.slice(2), 16));
  return /[\p{L}\p{N}]/u.test(c) ? null : c;
}

/** Members of a small positive class (`[sz]`, `[,;:]`, `[a-c]`), one UTF-16 unit each; null when large or negated. */
function classChars(src: string): string[] | null {
  if (src.startsWith('[^')) return null;
  const units: string[] = [];
  for (let i = 1; i < src.length - 1; i++) {
    let c = src.charAt(i);
    if (c === '\\') {
      const esc = /^\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/.exec(src.slice(i));
      const ch = esc ? escapedChar(esc[0]) : null;
      if (esc === null || ch === null) return null;
      c = ch;
      i += esc[0].length - 1;
    }
    if (src.charAt(i + 1) === '-' && i + 2 < src.length - 1) {
      const to = src.charCodeAt(i + 2);
      if (src.charAt(i + 2) === '\\' || to - c.charCodeAt(0) >= MAX_CLASS_CHARS) return null;
      for (let u = c.charCodeAt(0); u <= to; u++) units.push(String.fromCharCode(u));
      i += 2;
    } else {
      units.push(c);
    }
    if (units.length > MAX_CLASS_CHARS) return null;
  }
  return units;
}

function atomLiterals(src: string): Literals {
  let chars: string[] | null;
  if (src === '.') chars = null;
  else if (src.startsWith('[')) chars = classChars(src);
  else if (src.startsWith('\\')) {
    const c = escapedChar(src);
    chars = c === null ? null : [c];
  } else chars = [src];
  if (chars === null) return UNKNOWN;
  return { exact: chars, required: [chars] };
}

function product(a: readonly string[], b: readonly string[]): string[] | null {
  if (a.length * b.length > MAX_STRINGS) return null;
  return [...new Set(a.flatMap((x) => b.map((y) => x + y)))];
}

/** How unlikely a string is in ordinary text: whitespace is everywhere, non-ASCII is rare in most traffic. */
function rarity(s: string): number {
  let r = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    r += c <= 0x20 ? 0 : c < 0x80 ? 1 : 3;
  }
  return r;
}

/** Score of a required set: its most common member decides how often it is present. */
export function setRarity(set: readonly string[]): number {
  let min = Infinity;
  for (const s of set) min = Math.min(min, rarity(s));
  return min;
}

function best(sets: readonly string[][]): string[] | null {
  let top: string[] | null = null;
  for (const s of sets) {
    const better = top === null || setRarity(s) > setRarity(top) || (setRarity(s) === setRarity(top) && s.length < top.length);
    if (better) top = s;
  }
  return top;
}

/** A required set that says nothing (can be satisfied by the empty string) is dropped. */
function useful(set: readonly string[]): boolean {
  return !set.includes('');
}

function seqLiterals(items: readonly Node[]): Literals {
  const required: string[][] = [];
  let run: string[] | null = [''];
  let whole = true;
  for (const item of items) {
    const lit = literalsOf(item);
    const joined: string[] | null = run !== null && lit.exact !== null ? product(run, lit.exact) : null;
    if (joined !== null) {
      run = joined;
      continue;
    }
    whole = false;
    if (run !== null && useful(run)) required.push(run);
    // A new run starting here says at least as much as the item's own sets once it is pushed.
    if (lit.exact === null) required.push(...lit.required);
    run = lit.exact;
  }
  if (run !== null && useful(run)) required.push(run);
  return { exact: whole ? run : null, required };
}

function altLiterals(branches: readonly Node[]): Literals {
  const lits = branches.map(literalsOf);
  let exact: string[] | null = [];
  for (const l of lits) exact = exact !== null && l.exact !== null && exact.length + l.exact.length <= MAX_STRINGS ? [...exact, ...l.exact] : null;
  const picks = lits.map((l) => best(l.required.filter(useful)));
  if (picks.some((p) => p === null)) return { exact, required: exact !== null && useful(exact) ? [exact] : [] };
  return { exact, required: [[...new Set(picks.flat() as string[])]] };
}

function quantLiterals(body: Node, min: number, max: number): Literals {
  if (max === 0) return EMPTY;
  const lit = literalsOf(body);
  // Without the u flag a quantifier after an astral character repeats only its low surrogate.
  if (body.t === 'atom' && body.src.length === 2 && !body.src.startsWith('\\')) return UNKNOWN;
  return { exact: lit.exact !== null && max !== Infinity ? repeated(lit.exact, min, max) : null, required: min > 0 ? lit.required : [] };
}

/** Strings of `min` to `max` repetitions of a finite language, or null when too many. */
function repeated(strings: readonly string[], min: number, max: number): string[] | null {
  const out = new Set<string>(min === 0 ? [''] : []);
  let power: string[] | null = [''];
  for (let k = 1; k <= max; k++) {
    power = product(power, strings);
    if (power === null) return null;
    if (k >= min) for (const s of power) out.add(s);
    if (out.size > MAX_STRINGS) return null;
  }
  return [...out];
}

function literalsOf(n: Node): Literals {
  switch (n.t) {
    case 'atom': return atomLiterals(n.src);
    case 'assert': return EMPTY;
    case 'group': return n.lookahead ? EMPTY : literalsOf(n.body);
    case 'seq': return seqLiterals(n.items);
    case 'alt': return altLiterals(n.branches);
    case 'quant': return quantLiterals(n.body, n.min, n.max);
  }
}

/**
 * Required literal sets of a regex source (no `i` flag: literals are case-sensitive), rarest first.
 * Empty when nothing is required, i.e. the pattern must always run.
 */
export function requiredLiterals(source: string): string[][] {
  const unique = new Map<string, string[]>();
  for (const set of literalsOf(new Parser(source, false).parse()).required) {
    if (useful(set)) unique.set([...set].sort().join('\u0000'), set);
  }
  return [...unique.values()].sort((a, b) => setRarity(b) - setRarity(a) || a.length - b.length);
}
