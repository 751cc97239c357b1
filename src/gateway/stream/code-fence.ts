/**
 * Whether a streamed answer is inside a fenced code block, followed one character at a time with the rules of
 * the output detectors' findFencedBlocks: up to 3 spaces, then at least 3 backticks or tildes (no backtick in a
 * backtick fence's info string); closed by a run of the same character at least as long with only blanks
 * after it. Each line is decided at its end.
 */
export class CodeFence {
  private open: { char: string; length: number } | null = null;
  /** Spaces before the fence run, or -1 once the line cannot be a fence. */
  private lead = 0;
  private runChar = '';
  private runLength = 0;
  private runDone = false;
  private infoBacktick = false;
  private trailing = false;

  get inCode(): boolean {
    return this.open !== null;
  }

  step(c: string): void {
    if (c === '\n') {
      this.endLine();
      return;
    }
    if (this.lead < 0) return;
    if (this.runLength === 0) {
      if (c === ' ' && this.lead < 3) this.lead++;
      else if (c === '`' || c === '~') {
        this.runChar = c;
        this.runLength = 1;
      } else this.lead = -1;
    } else if (!this.runDone && c === this.runChar) {
      this.runLength++;
    } else {
      this.runDone = true;
      if (c === '`') this.infoBacktick = true;
      if (c !== ' ' && c !== '\t' && c !== '\r') this.trailing = true;
    }
  }

  private endLine(): void {
    if (this.lead >= 0 && this.runLength >= 3) {
      if (!this.open) {
        if (this.runChar === '~' || !this.infoBacktick) this.open = { char: this.runChar, length: this.runLength };
      } else if (this.runChar === this.open.char && this.runLength >= this.open.length && !this.trailing) {
        this.open = null;
      }
    }
    this.lead = 0;
    this.runChar = '';
    this.runLength = 0;
    this.runDone = false;
    this.infoBacktick = false;
    this.trailing = false;
  }
}
