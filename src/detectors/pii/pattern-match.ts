/** One match of a pattern recognizer (built-in, date or custom), before overlaps are resolved. */
export interface PatternMatch {
  entityType: string;
  rule: string;
  start: number;
  end: number;
  score: number;
}
