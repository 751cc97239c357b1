/**
 * Variation-selector smuggling: the 256 variation selectors (U+FE00-U+FE0F, U+E0100-U+E01EF) render as
 * nothing, and a run of them after one visible character can carry one byte each. Legitimate text uses
 * a single selector per character (emoji presentation, CJK ideographic variants), never a run.
 */
import type { Span } from '../../spec/types.js';

export const VARIATION_PATTERNS = {
  /** Two or more consecutive variation selectors (BMP, or supplement as surrogate pairs). */
  run: /(?:[\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]){2,}/g,
};

const UTF8 = new TextDecoder('utf-8', { fatal: false });

export interface VariationFinding {
  spans: Span[];
  count: number;
  /** The bytes carried by the selectors, decoded as UTF-8 (U+FFFD where invalid). */
  hidden: string;
}

function selectorByte(text: string, i: number): { byte: number; width: number } {
  const c = text.charCodeAt(i);
  if (c >= 0xfe00 && c <= 0xfe0f) return { byte: c - 0xfe00, width: 1 };
  return { byte: text.charCodeAt(i + 1) - 0xdd00 + 16, width: 2 };
}

export function findVariationSmuggling(text: string): VariationFinding {
  const out: VariationFinding = { spans: [], count: 0, hidden: '' };
  const re = VARIATION_PATTERNS.run;
  re.lastIndex = 0;
  const bytes: number[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const end = m.index + m[0].length;
    for (let i = m.index; i < end; ) {
      const { byte, width } = selectorByte(text, i);
      if (bytes.length < 65_536) bytes.push(byte);
      out.count++;
      i += width;
    }
    if (out.spans.length < 32) out.spans.push({ start: m.index, end });
  }
  if (bytes.length > 0) out.hidden = UTF8.decode(Uint8Array.from(bytes));
  return out;
}

export function stripVariationRuns(text: string): string {
  return text.replace(VARIATION_PATTERNS.run, '');
}
