/**
 * Where a markdown renderer shows text as code: fenced blocks and inline code spans. Nothing inside is
 * rendered, so an image there is an example for the reader, not a zero-click fetch.
 */
import type { Span } from '../../spec/types.js';
import { findFencedBlocks } from '../shared/code-blocks.js';

export const CODE_SPAN_PATTERNS = {
  /** Inline code on one line: a backtick run cannot be crossed, so each start scans to the next backtick only. */
  inlineCode: /`[^`\n]{1,2048}`/g,
} as const;

/** Sorted, non-overlapping code ranges of the text. */
export function codeRanges(text: string): Span[] {
  if (!text.includes('`') && !text.includes('~~~')) return [];
  const blocks = findFencedBlocks(text).map((b) => b.span);
  const ranges = [...blocks];
  let b = 0;
  for (const m of text.matchAll(CODE_SPAN_PATTERNS.inlineCode)) {
    while (b < blocks.length && (blocks[b] as Span).end <= m.index) b++;
    const block = blocks[b];
    if (block && m.index >= block.start) continue;
    // Only single-backtick spans: longer runs pair by length, and guessing wrong would hide a rendered image.
    if (text[m.index - 1] === '`' || text[m.index + m[0].length] === '`') continue;
    ranges.push({ start: m.index, end: m.index + m[0].length });
  }
  return ranges.sort((x, y) => x.start - y.start);
}

/** True when [start, end) lies inside one of the sorted ranges (binary search). */
export function insideRanges(ranges: readonly Span[], span: Span): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid] as Span;
    if (r.end <= span.start) lo = mid + 1;
    else if (r.start > span.start) hi = mid - 1;
    else return span.end <= r.end;
  }
  return false;
}
