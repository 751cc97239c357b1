/**
 * Where a value came from: did the user type it, or does it only appear in text the model read from
 * untrusted places (tool results, retrieved documents)? Matching is on a folded form (NFKC, lower case,
 * whitespace collapsed) so case or spacing tricks do not hide a value's origin.
 */
import type { ContextText } from '../spec/tools.js';

export const WHITESPACE_RUN = /\s+/g;

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(WHITESPACE_RUN, ' ').trim();
}

export class Provenance {
  static readonly EMPTY = new Provenance([]);
  private readonly user: string;
  private readonly untrusted: string;

  constructor(context: readonly ContextText[]) {
    // U+0000 joins texts so a value cannot match across two messages.
    this.user = context.filter((c) => c.source === 'user').map((c) => fold(c.text)).join('\u0000');
    this.untrusted = context.filter((c) => c.source === 'untrusted').map((c) => fold(c.text)).join('\u0000');
  }

  fromUser(value: string): boolean {
    const v = fold(value);
    return v !== '' && this.user.includes(v);
  }

  inUntrusted(value: string): boolean {
    const v = fold(value);
    return v !== '' && this.untrusted.includes(v);
  }

  /** In untrusted context and never in the user's messages. */
  untrustedOnly(value: string): boolean {
    return this.inUntrusted(value) && !this.fromUser(value);
  }
}
