/**
 * Validator for user-supplied regular expressions (policy deny patterns, custom PII entities).
 * Patterns run on untrusted text, so anything that can backtrack super-linearly is a config error.
 * A small parser builds an AST and rejects: backreferences, lookbehind, nested variable quantifiers
 * (star height > 1), alternations whose branches can start with the same character under a repeating
 * quantifier, and adjacent unbounded quantifiers over overlapping characters (`\d+\d+`).
 */

export const MAX_PATTERN_LENGTH = 2000;
const ALLOWED_FLAGS = 'dgimsuy';
/** Upper bound on backtracking paths one repeated group may create per start position. */
const MAX_NESTED_PATHS = 1000;

interface Atom {
  t: 'atom';
  /** Regex source of one character (`a`, `\d`, `[a-z]`, `.`) used to compute first-character sets. */
  src: string;
}
interface Assert { t: 'assert' }
interface Seq { t: 'seq'; items: Node[] }
interface Alt { t: 'alt'; branches: Node[] }
interface Group { t: 'group'; body: Node; lookahead: boolean }
interface Quant { t: 'quant'; body: Node; min: number; max: number }
type Node = Atom | Assert | Seq | Alt | Group | Quant;

class UnsafePatternError extends Error {
  constructor(source: string, reason: string) {
    super(`Unsafe regex /${source.length > 80 ? `${source.slice(0, 80)}...` : source}/: ${reason}`);
    this.name = 'UnsafePatternError';
  }
}

/** Source range of an unbounded quantifier token (`+`, `*`, `{n,}`) and its minimum. */
interface Unbounded {
  start: number;
  end: number;
  min: number;
}

class Parser {
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

function nullable(n: Node): boolean {
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
function firstAtoms(n: Node, out: string[] = []): string[] {
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
function lastAtoms(n: Node, out: string[] = []): string[] {
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
function allAtoms(n: Node, out: string[] = []): string[] {
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
function degree(n: Node): number {
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

class Checker {
  private readonly sets = new Map<string, Uint8Array>();
  constructor(private readonly flags: string) {}

  /** Bitmap over the BMP of the characters the given atoms can match. */
  private set(atoms: string[]): Uint8Array {
    const key = atoms.join('\u0000');
    const cached = this.sets.get(key);
    if (cached) return cached;
    const bits = new Uint8Array(0x10000);
    if (atoms.length > 0) {
      const re = new RegExp(`^(?:${atoms.join('|')})`, this.flags.replace(/[gyd]/g, ''));
      for (let cp = 0; cp < 0x10000; cp++) bits[cp] = re.test(String.fromCharCode(cp)) ? 1 : 0;
    }
    this.sets.set(key, bits);
    return bits;
  }

  private overlap(a: string[], b: string[]): boolean {
    if (a.length === 0 || b.length === 0) return false;
    const x = this.set(a);
    const y = this.set(b);
    for (let cp = 0; cp < 0x10000; cp++) if (x[cp] === 1 && y[cp] === 1) return true;
    return false;
  }

  check(n: Node, repeated: boolean): void {
    switch (n.t) {
      case 'atom': case 'assert': return;
      case 'seq': this.checkSeq(n, repeated); return;
      case 'alt':
        if (repeated) this.checkAlt(n);
        for (const b of n.branches) this.check(b, repeated);
        return;
      case 'group': this.check(n.body, repeated); return;
      case 'quant': {
        const inner = degree(n.body);
        if (n.max > 1 && inner > 1 && !(inner ** n.max <= MAX_NESTED_PATHS) && !this.terminated(n.body)) {
          throw new Error('nested quantifiers (e.g. `(a+)+`, `(\\w{1,9})*`) can backtrack exponentially; use a single quantifier');
        }
        this.check(n.body, repeated || n.max > 1);
      }
    }
  }

  /**
   * True when every repetition must end with one character nothing else in the body can match, as in
   * `(?:[a-z0-9-]+\.)+` or `(\d+,)*`: each iteration then ends at a unique place, so nesting is linear.
   */
  private terminated(body: Node): boolean {
    let n = body;
    while (n.t === 'group' && !n.lookahead) n = n.body;
    if (n.t !== 'seq' || n.items.length < 2) return false;
    const last = n.items[n.items.length - 1] as Node;
    if (last.t !== 'atom') return false;
    return !this.overlap(n.items.slice(0, -1).flatMap((item) => allAtoms(item)), [last.src]);
  }

  private checkAlt(n: Alt): void {
    const firsts = n.branches.map((b) => firstAtoms(b));
    for (let a = 0; a < firsts.length; a++) {
      for (let b = a + 1; b < firsts.length; b++) {
        if (this.overlap(firsts[a] as string[], firsts[b] as string[])) {
          throw new Error('alternatives inside a repeated group can start with the same character (e.g. `(a|ab)+`); make the branches mutually exclusive');
        }
      }
    }
  }

  /**
   * Rejects `\d+\d+`, `\w+\s*\w+`: two unbounded runs that can trade characters at their boundary (the
   * first run's last character could be the second run's first) backtrack polynomially.
   */
  private checkSeq(n: Seq, repeated: boolean): void {
    n.items.forEach((item, i) => {
      this.check(item, repeated);
      if (item.t !== 'quant' || item.max !== Infinity) return;
      const chars = lastAtoms(item.body);
      for (const next of n.items.slice(i + 1)) {
        if (next.t === 'quant' && next.max === Infinity && this.overlap(chars, firstAtoms(next.body))) {
          throw new Error('adjacent unbounded quantifiers over overlapping characters (e.g. `\\d+\\d*`) backtrack polynomially; merge them or bound them');
        }
        if (!nullable(next)) break;
      }
    });
  }
}

/**
 * Repetitions allowed beyond a quantifier's minimum once `+`, `*` and `{n,}` are bounded. An unbounded
 * run followed by a required suffix (`[a-z]+@`) rescans to the end of the input from every start
 * position, quadratic on a 1 MB input; bounded, the cost per start position is capped.
 */
export const MAX_REPEAT = 256;

function boundRepetition(source: string, unbounded: readonly Unbounded[]): string {
  if (unbounded.length === 0) return source;
  const parts: string[] = [];
  let at = 0;
  for (const u of [...unbounded].sort((a, b) => a.start - b.start)) {
    parts.push(source.slice(at, u.start), `{${u.min},${u.min + MAX_REPEAT}}`);
    at = u.end;
  }
  parts.push(source.slice(at));
  return parts.join('');
}

/**
 * Compiles a user-supplied regex after proving it cannot backtrack catastrophically, and caps every
 * unbounded quantifier at MAX_REPEAT repetitions beyond its minimum (`\d+` runs as `\d{1,257}`), so
 * matching stays linear in the input under search semantics too.
 * Throws an Error naming the pattern and the reason when it is invalid or unsafe.
 */
export function compileSafePattern(source: string, flags = ''): RegExp {
  if (typeof source !== 'string' || source.length === 0) throw new UnsafePatternError(String(source), 'pattern is empty');
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new UnsafePatternError(source, `pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  for (const [i, f] of [...flags].entries()) {
    if (!ALLOWED_FLAGS.includes(f) || flags.indexOf(f) !== i) {
      throw new UnsafePatternError(source, `invalid flags "${flags}" (allowed, each at most once: ${ALLOWED_FLAGS})`);
    }
  }
  try {
    new RegExp(source, flags);
  } catch (err) {
    throw new UnsafePatternError(source, `not a valid JavaScript regex (${(err as Error).message})`);
  }
  const parser = new Parser(source, flags.includes('u'));
  try {
    new Checker(flags).check(parser.parse(), false);
  } catch (err) {
    throw new UnsafePatternError(source, (err as Error).message);
  }
  return new RegExp(boundRepetition(source, parser.unbounded), flags);
}

/** True when compileSafePattern would accept the pattern. */
export function isSafePattern(source: string, flags = ''): boolean {
  try {
    compileSafePattern(source, flags);
    return true;
  } catch {
    return false;
  }
}
