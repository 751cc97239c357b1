/**
 * Per-request randomness for isolation: the boundary id that opens and closes each untrusted segment, and the
 * datamark interleaved between its words. Drawn fresh for every request (crypto RNG), so text written before the
 * request, a document or a tool's output, cannot contain the closing boundary or the mark to fake its end.
 */
import { randomBytes, randomInt } from 'node:crypto';

/** Rare symbols a datamark is drawn from: none is common in prose or code, each is one token for most tokenizers. */
const DATAMARK_SYMBOLS = ['ˆ', '¦', '†', '‡', '‹', '›', '∙', '⁂', '⌁', '⍟', '⎔', '◊'] as const;

export interface RequestBoundary {
  /** 12 hex digits, e.g. `7f3a09c2b1de`. */
  id: string;
  /** The datamark of this request: a symbol and two hex digits, e.g. `⍟3c`. */
  mark: string;
}

export function newBoundary(): RequestBoundary {
  const symbol = DATAMARK_SYMBOLS[randomInt(DATAMARK_SYMBOLS.length)] as string;
  return { id: randomBytes(6).toString('hex'), mark: `${symbol}${randomBytes(1).toString('hex')}` };
}

/** The opening and closing lines of one segment. */
export function boundaryLines(b: RequestBoundary, kind: string, label: string | undefined): { open: string; close: string } {
  const named = label ? ` "${label}"` : '';
  return { open: `⟪BEGIN UNTRUSTED ${kind}${named} ${b.id}⟫`, close: `⟪END UNTRUSTED ${kind} ${b.id}⟫` };
}
