/**
 * Tracks markdown and HTML constructs that are still open in a streamed answer: images and links (`![`, `[`
 * through `](dest)` or `][label]`), reference definitions (`[label]: dest` at a line start), HTML tags (`<img`
 * ... `>`) and autolinks (`<https:...>`). The hold-back scanner never releases past the start of the oldest open
 * one, so each is scanned whole once it closes. Hand-rolled single pass (one step per character, never
 * revisited) rather than regexes: the state must survive arbitrary delta boundaries, and linear time is then
 * evident. Positions are absolute offsets in the answer as scanned.
 */
import { CodeFence } from './code-fence.js';

type Phase =
  | 'label' // inside `[...]`
  | 'after-label' // just after `]`: the next character decides
  | 'dest' // inside `(...)` of an inline image or link
  | 'ref' // inside the second `[...]` of a full reference
  | 'def-gap' // after `[label]:`, before the destination
  | 'def-dest' // the destination of a reference definition
  | 'def-angle' // a `<...>` definition destination
  | 'lt' // just after `<`
  | 'tag-name'
  | 'tag' // inside an HTML start tag, until `>`
  | 'autolink'; // inside `<scheme:...>`

interface Open {
  /** Where the construct starts (the `!` of an image). */
  start: number;
  /** The `[` or `<` a neutralisation escapes. */
  opener: number;
  phase: Phase;
  image: boolean;
  /** Opened inside a fenced code block, where nothing renders: never escaped, so code stays intact. */
  inCode: boolean;
  /** The `[` stood at a line start (up to 3 blanks in): `[label]:` is a reference definition. */
  lineStart: boolean;
  labelEnd: number;
  refStart: number;
  /** The second `[...]` of a full reference holds only blanks (collapsed `![label][]`). */
  refBlank: boolean;
  depth: number;
}

/** A range of the answer: [start, end). */
export interface Range {
  start: number;
  end: number;
}

export interface ImageUse {
  label: Range;
  at: number;
}

export interface Definition {
  label: Range;
  start: number;
  end: number;
}

export interface Neutralisation {
  at: number;
  /** Replaces the character at `at` (`[` becomes `\[`, `<` becomes `&lt;`). */
  replacement: string;
}

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

function isNameChar(c: string): boolean {
  return isLetter(c) || (c >= '0' && c <= '9') || c === '-' || c === '+' || c === '.';
}

function isBracket(o: Open): boolean {
  return o.phase !== 'lt' && o.phase !== 'tag-name' && o.phase !== 'tag' && o.phase !== 'autolink';
}

export class OpenConstructs {
  private readonly stack: Open[] = [];
  private readonly fence = new CodeFence();
  /** Spaces/tabs since the last line break, or -1 once anything else came. */
  private indent = 0;
  private escaped = false;
  private afterBang = false;
  /** Image reference uses and reference definitions closed since the last `drain`. */
  readonly uses: ImageUse[] = [];
  readonly definitions: Definition[] = [];
  /** Spans of the constructs closed and not yet released: a release point must not split one. */
  private closed: Range[] = [];

  /** Start of the oldest open construct, if any. */
  openFrom(): number | undefined {
    return this.stack[0]?.start;
  }

  /**
   * Moves a release point that falls inside a closed construct back to its start: the construct was judged
   * whole, and its tail alone (say `](url)` without the `![`) could be judged differently by the next scan.
   */
  outside(cut: number): number {
    // Closed constructs nest like the stack that closed them, so the earliest start containing `cut` is the outermost.
    let start = cut;
    for (const c of this.closed) if (c.start < cut && c.end > cut) start = Math.min(start, c.start);
    return start;
  }

  /** Forgets closed constructs wholly before `at` (released). */
  releasedUpTo(at: number): void {
    this.closed = this.closed.filter((c) => c.end > at);
  }

  /** Consumes the next piece of the answer, which starts at absolute position `at`. */
  feed(piece: string, at: number): void {
    for (let i = 0; i < piece.length; i++) this.step(piece[i] as string, at + i);
  }

  /**
   * Gives up constructs that started before `before` and are still open: they must not be released as they
   * stand, so their opener is escaped and cannot render any more (except in code, where nothing renders and
   * the output detectors judge the text as code too).
   */
  expire(before: number): Neutralisation[] {
    let n = 0;
    while (n < this.stack.length && (this.stack[n] as Open).start < before) n++;
    return this.stack
      .splice(0, n)
      .filter((o) => !o.inCode)
      .map((o) => ({ at: o.opener, replacement: isBracket(o) ? '\\[' : '&lt;' }));
  }

  /** The answer ended at `at`: a trailing definition or `![label]` closes there. */
  end(at: number): void {
    if (this.stack.length > 0) this.structure('\n', at);
  }

  /** Maps every tracked position through `moved` (text was inserted before some of them). */
  shift(moved: (at: number) => number): void {
    for (const o of this.stack) {
      o.start = moved(o.start);
      o.opener = moved(o.opener);
      o.labelEnd = moved(o.labelEnd);
      o.refStart = moved(o.refStart);
    }
    this.closed = this.closed.map((c) => ({ start: moved(c.start), end: moved(c.end) }));
    for (const u of this.uses) {
      u.at = moved(u.at);
      u.label = { start: moved(u.label.start), end: moved(u.label.end) };
    }
    for (const d of this.definitions) {
      d.start = moved(d.start);
      d.end = moved(d.end);
      d.label = { start: moved(d.label.start), end: moved(d.label.end) };
    }
  }

  private step(c: string, p: number): void {
    const escaped = this.escaped;
    this.escaped = false;
    if (c === '\n') {
      if (this.indent >= 0) this.endParagraph();
      this.indent = 0;
    }
    if (!escaped) this.structure(c, p);
    if (c === ' ' || c === '\t') {
      if (this.indent >= 0) this.indent++;
    } else if (c !== '\n') {
      this.indent = -1;
    }
    this.afterBang = c === '!' && !escaped;
    this.fence.step(c);
  }

  /** A blank line ends the paragraph: no markdown construct continues past it (HTML tags may). */
  private endParagraph(): void {
    for (let k = this.stack.length - 1; k >= 0; k--) if (isBracket(this.stack[k] as Open)) this.stack.splice(k, 1);
  }

  private structure(c: string, p: number): void {
    const top = this.stack.at(-1);
    if (!top || top.phase === 'label') {
      this.inText(top, c, p);
      return;
    }
    switch (top.phase) {
      case 'after-label':
        if (c === '(') {
          top.phase = 'dest';
          top.depth = 1;
        } else if (c === '[') {
          top.phase = 'ref';
          top.refStart = p + 1;
        } else if (c === ':' && top.lineStart && !top.image) {
          top.phase = 'def-gap';
          top.depth = 0;
        } else {
          this.close(top.labelEnd + 1);
          if (top.image && !top.inCode) this.uses.push({ label: { start: top.opener + 1, end: top.labelEnd }, at: top.start });
          this.structure(c, p);
        }
        return;
      case 'dest':
        if (c === '\\') this.escaped = true;
        else if (c === '(') top.depth++;
        else if (c === ')' && --top.depth === 0) this.close(p + 1);
        return;
      case 'ref':
        if (c === '\\') this.escaped = true;
        else if (c === ']') {
          this.close(p + 1);
          const label = top.refBlank ? { start: top.opener + 1, end: top.labelEnd } : { start: top.refStart, end: p };
          if (top.image && !top.inCode) this.uses.push({ label, at: top.start });
        } else if (!isBlank(c)) top.refBlank = false;
        return;
      case 'def-gap':
        if (c === '\n' && ++top.depth > 1) this.close(top.labelEnd + 1);
        else if (c === '<') top.phase = 'def-angle';
        else if (!isBlank(c)) top.phase = 'def-dest';
        return;
      case 'def-dest':
        if (isBlank(c)) this.closeDefinition(top, p);
        return;
      case 'def-angle':
        if (c === '>') this.closeDefinition(top, p + 1);
        else if (c === '\n') this.close(top.labelEnd + 1);
        return;
      default:
        this.inHtml(top, c, p);
    }
  }

  private inText(top: Open | undefined, c: string, p: number): void {
    if (c === '\\') this.escaped = true;
    else if (c === '[') {
      const image = this.afterBang;
      this.stack.push({ start: image ? p - 1 : p, opener: p, phase: 'label', image, inCode: this.fence.inCode, lineStart: this.indent >= 0 && this.indent <= 3, labelEnd: 0, refStart: 0, refBlank: true, depth: 0 });
    } else if (c === ']' && top) {
      top.phase = 'after-label';
      top.labelEnd = p;
    } else if (c === '<') {
      this.stack.push({ start: p, opener: p, phase: 'lt', image: false, inCode: this.fence.inCode, lineStart: false, labelEnd: 0, refStart: 0, refBlank: true, depth: 0 });
    }
  }

  private inHtml(top: Open, c: string, p: number): void {
    if (top.phase === 'lt') {
      if (isLetter(c)) top.phase = 'tag-name';
      else this.abandon(c, p);
    } else if (top.phase === 'tag-name') {
      if (c === '>') this.close(p + 1);
      else if (c === ':') top.phase = 'autolink';
      else if (isBlank(c) || c === '/') top.phase = 'tag';
      else if (!isNameChar(c)) this.abandon(c, p);
    } else if (top.phase === 'tag') {
      if (c === '>') this.close(p + 1);
    } else if (c === '>') {
      this.close(p + 1);
    } else if (isBlank(c) || c === '<') {
      this.abandon(c, p);
    }
  }

  /** Not a construct after all: drop it and read `c` in the enclosing context. */
  private abandon(c: string, p: number): void {
    this.stack.pop();
    this.structure(c, p);
  }

  /** The top construct is complete: its span joins `closed`. */
  private close(end: number): void {
    const top = this.stack.pop() as Open;
    this.closed.push({ start: top.start, end });
  }

  private closeDefinition(top: Open, end: number): void {
    this.close(end);
    if (!top.inCode) this.definitions.push({ label: { start: top.opener + 1, end: top.labelEnd }, start: top.start, end });
  }
}
