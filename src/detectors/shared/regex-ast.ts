/**
 * A small parser for JavaScript regex source, enough to reason about backtracking: atoms (one
 * character: literal, escape, class, dot), assertions, sequences, alternations, groups, quantifiers.
 * The source is validated by `new RegExp` first, so the parser can assume well-formed syntax.
 */

export interface Atom {
  t: 'atom';
  /** Regex source of one character (`a`, `\d`, `[a-z]`, `.`) used to compute first-character sets. */
  src: string;
}
export interface Assert { t: 'assert' }
export interface Seq { t: 'seq'; items: Node[] }
export interface Alt { t: 'alt'; branches: Node[] }
export interface Group { t: 'group'; body: Node; lookahead: boolean }
export interface Quant { t: 'quant'; body: Node; min: number; max: number }
export type Node = Atom | Assert | Seq | Alt | Group | Quant;

export interface Unbounded {
  start: number;
  end: number;
  min: number;
}

export class Parser {
  private i = 0;
  readonly unbounded: Unbounded[] = [];
  constructor(private readonly src: string, private readonly unicode: boolean) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw new Error(`unexpected ")" at offset ${this.i}`);
    return node;
  }

  private alternation(): Node {
    const branches: Node[] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? (branches[0] as Node) : { t: 'alt', branches };
  }

  private sequence(): Seq {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      items.push(this.quantifier(atom));
    }
    return { t: 'seq', items };
  }

  private quantifier(body: Node): Node {
    const s = this.src;
    const c = s[this.i];
    const start = this.i;
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i, this.i + 24));
      if (!m) return body;
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    } else {
      return body;
    }
    if (max === Infinity) this.unbounded.push({ start, end: this.i, min });
    if (s[this.i] === '?') this.i++;
    return this.quantifier({ t: 'quant', body, min, max });
  }

  private atom(): Node {
    const s = this.src;
    const c = s[this.i] as string;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    this.i++;
    if (c === '^' || c === '$') return { t: 'assert' };
    if (c === '.') return { t: 'atom', src: '.' };
    const cp = s.codePointAt(this.i - 1) as number;
    if (cp > 0xffff) this.i++;
    return { t: 'atom', src: /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : String.fromCodePoint(cp) };
  }

  private group(): Node {
    const s = this.src;
    this.i++;
    let lookahead = false;
    if (s.startsWith('?<=', this.i) || s.startsWith('?<!', this.i)) {
      throw new Error('lookbehind is not allowed (it can rescan unbounded input); match the context explicitly');
    }
    if (s.startsWith('?:', this.i)) this.i += 2;
    else if (s.startsWith('?=', this.i) || s.startsWith('?!', this.i)) {
      this.i += 2;
      lookahead = true;
    } else if (s.startsWith('?<', this.i)) {
      const end = s.indexOf('>', this.i);
      this.i = end + 1;
    }
    const body = this.alternation();
    if (s[this.i] !== ')') throw new Error('unterminated group');
    this.i++;
    return { t: 'group', body, lookahead };
  }

  private charClass(): Atom {
    const s = this.src;
    const start = this.i;
    this.i++;
    if (s[this.i] === '^') this.i++;
    if (s[this.i] === ']') this.i++;
    while (this.i < s.length && s[this.i] !== ']') this.i += s[this.i] === '\\' ? 2 : 1;
    this.i++;
    return { t: 'atom', src: s.slice(start, this.i) };
  }

  private escape(): Node {
    const s = this.src;
    const start = this.i;
    const c = s[this.i + 1] ?? '';
    this.i += 2;
    if (/[1-9]/.test(c) || (c === 'k' && s[this.i] === '<')) {
      throw new Error('backreferences are not allowed (matching them is not linear-time)');
    }
    if (c === 'b' || c === 'B') return { t: 'assert' };
    if ((c === 'p' || c === 'P') && this.unicode && s[this.i] === '{') this.i = s.indexOf('}', this.i) + 1;
    else if (c === 'u' && s[this.i] === '{' && this.unicode) this.i = s.indexOf('}', this.i) + 1;
    else if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(this.i, this.i + 4))) this.i += 4;
    else if (c === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(this.i, this.i + 2))) this.i += 2;
    else if (c === 'c' && /^[a-zA-Z]$/.test(s[this.i] ?? '')) this.i += 1;
    return { t: 'atom', src: s.slice(start, this.i) };
  }
}

export function nullable(n: Node): boolean {
  switch (n.t) {
    case 'atom': return false;
    case 'assert': return true;
    case 'seq': return n.items.every(nullable);
    case 'alt': return n.branches.some(nullable);
    case 'group': return n.lookahead || nullable(n.body);
    case 'quant': return n.min === 0 || nullable(n.body);
  }
}

/** Sources of the atoms that can match the first character of n. */
export function firstAtoms(n: Node, out: string[] = []): string[] {
  switch (n.t) {
    case 'atom': out.push(n.src); break;
    case 'assert': break;
    case 'seq':
      for (const item of n.items) {
        firstAtoms(item, out);
        if (!nullable(item)) break;
      }
      break;
    case 'alt': for (const b of n.branches) firstAtoms(b, out); break;
    case 'group': if (!n.lookahead) firstAtoms(n.body, out); break;
    case 'quant': if (n.max > 0) firstAtoms(n.body, out); break;
  }
  return out;
}

/** Sources of the atoms that can match the last character of n. */
export function lastAtoms(n: Node, out: string[] = []): string[] {
  switch (n.t) {
    case 'atom': out.push(n.src); break;
    case 'assert': break;
    case 'seq':
      for (let i = n.items.length - 1; i >= 0; i--) {
        const item = n.items[i] as Node;
        lastAtoms(item, out);
        if (!nullable(item)) break;
      }
      break;
    case 'alt': for (const b of n.branches) lastAtoms(b, out); break;
    case 'group': if (!n.lookahead) lastAtoms(n.body, out); break;
    case 'quant': if (n.max > 0) lastAtoms(n.body, out); break;
  }
  return out;
}

/** Sources of every atom in n. */
export function allAtoms(n: Node, out: string[] = []): string[] {
  switch (n.t) {
    case 'atom': out.push(n.src); break;
    case 'assert': break;
    case 'seq': for (const item of n.items) allAtoms(item, out); break;
    case 'alt': for (const b of n.branches) allAtoms(b, out); break;
    case 'group': case 'quant': allAtoms(n.body, out); break;
  }
  return out;
}

/** Number of ways the quantifiers inside n can split the same text (1 = deterministic). */
export function degree(n: Node): number {
  switch (n.t) {
    case 'atom': case 'assert': return 1;
    case 'seq': return n.items.reduce((d, item) => d * degree(item), 1);
    case 'alt': return n.branches.reduce((d, b) => Math.max(d, degree(b)), 1);
    case 'group': return n.lookahead ? 1 : degree(n.body);
    case 'quant': {
      const inner = degree(n.body);
      const own = n.max - n.min + 1;
      return inner === 1 ? own : inner ** n.max * own;
    }
  }
}
