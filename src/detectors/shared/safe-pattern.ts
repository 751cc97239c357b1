/**
 * Validator for user-supplied regular expressions (policy deny patterns, custom PII entities).
 * Patterns run on untrusted text, so anything that can backtrack super-linearly is a config error.
 * A small parser builds an AST and rejects: backreferences, lookbehind, nested variable quantifiers
 * (star height > 1), alternations whose branches can start with the same character under a repeating
 * quantifier, and adjacent unbounded quantifiers over overlapping characters (`\d+\d+`).
 */

import { allAtoms, degree, firstAtoms, lastAtoms, nullable, Parser, type Alt, type Node, type Seq, type Unbounded } from './regex-ast.js';

export const MAX_PATTERN_LENGTH = 2000;
const ALLOWED_FLAGS = 'dgimsuy';
/** Upper bound on backtracking paths one repeated group may create per start position. */
const MAX_NESTED_PATHS = 1000;

class UnsafePatternError extends Error {
  constructor(source: string, reason: string) {
    super(`Unsafe regex /${source.length > 80 ? `${source.slice(0, 80)}...` : source}/: ${reason}`);
    this.name = 'UnsafePatternError';
  }
}

/** Source range of an unbounded quantifier token (`+`, `*`, `{n,}`) and its minimum. */
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
