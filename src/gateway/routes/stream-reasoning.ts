/**
 * Thinking blocks in a stream: each block's text goes through a hold-back scanner of its own (thinking is output the
 * client reads), and the block's end (with its signature) or a redacted block passes once what precedes it is released.
 */
import type { Finding } from '../../spec/types.js';
import type { HoldbackScanner } from '../stream/holdback.js';
import type { Reasoning } from '../upstreams/types.js';
import type { ReasoningEvent } from './wire.js';

export interface ReasoningRelease {
  events: ReasoningEvent[];
  blocked?: string[];
}

/** How thinking appears in the record's output text. */
export function reasoningLines(reasoning: readonly Reasoning[] | undefined): string {
  return (reasoning ?? []).map((r) => (r.type === 'thinking' ? `[thinking] ${r.text}\n` : '[redacted_thinking]\n')).join('');
}

export class ReasoningRelay {
  private scanner: HoldbackScanner | undefined;
  private readonly done: Finding[] = [];
  private current = '';
  /** Released blocks, for the record. */
  readonly blocks: Reasoning[] = [];

  constructor(private readonly newScanner: () => HoldbackScanner) {}

  /** True while a thinking block is open. */
  get open(): boolean {
    return this.scanner !== undefined;
  }

  get findings(): Finding[] {
    return [...this.done, ...(this.scanner?.findings ?? [])];
  }

  relay(ev: ReasoningEvent): ReasoningRelease {
    if (ev.type === 'redacted_thinking') {
      const closing = this.open ? this.relay({ type: 'thinking_end' }) : { events: [] };
      if (closing.blocked) return closing;
      this.blocks.push(ev);
      return { events: [...closing.events, ev] };
    }
    if (ev.type === 'thinking') {
      this.scanner ??= this.newScanner();
      return this.released(this.scanner.push(ev.text), []);
    }
    const scanner = this.scanner;
    this.scanner = undefined;
    if (scanner === undefined) return { events: [ev] };
    const rel = this.released(scanner.finish(), [ev]);
    this.done.push(...scanner.findings);
    this.blocks.push({ type: 'thinking', text: this.current });
    this.current = '';
    return rel;
  }

  private released(rel: { text: string; blocked?: { rules: string[] } }, after: ReasoningEvent[]): ReasoningRelease {
    if (rel.blocked) return { events: [], blocked: rel.blocked.rules };
    this.current += rel.text;
    return { events: rel.text === '' ? after : [{ type: 'thinking', text: rel.text }, ...after] };
  }
}
