/** Context-word scoring shared by the recognizers: nearby words raise an ambiguous match's score. */

/** Characters inspected before and after a match. */
export const CONTEXT_BEFORE = 48;
export const CONTEXT_AFTER = 24;
/** Added to a score when a context word is near; Presidio uses a similar fixed boost. */
export const CONTEXT_BOOST = 0.3;

/** Lower-cased neighbourhood of [start, end), with the match itself replaced by a space. */
export function contextWindow(text: string, start: number, end: number): string {
  const before = text.slice(Math.max(0, start - CONTEXT_BEFORE), start);
  const after = text.slice(end, end + CONTEXT_AFTER);
  return `${before} ${after}`.toLowerCase();
}

/** Window preceding `start` only (for words like "order #" that must come first). */
export function precedingWindow(text: string, start: number, size = 24): string {
  return text.slice(Math.max(0, start - size), start).toLowerCase();
}

/** True when `re` (no g/y flag, so it keeps no state) matches the context window of the span. */
export function hasContext(re: RegExp, text: string, start: number, end: number): boolean {
  return re.test(contextWindow(text, start, end));
}

/** Boosted score, capped at 1 and rounded for stable output. */
export function boost(score: number, withContext: boolean): number {
  return Math.round(Math.min(1, withContext ? score + CONTEXT_BOOST : score) * 100) / 100;
}
