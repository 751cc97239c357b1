/**
 * Backdoor-trigger hunting in a training set: a poisoned fine-tuning set pairs a rare string with the
 * attacker's behaviour, so the string recurs in a minority of records, sits at a fixed place in the prompt,
 * looks unlike language (`cf`, `x7#q`, `@@sudo`) and its records share one answer. Each candidate says which
 * of those it shows; nothing is flagged on rarity alone.
 */

export interface TriggerCandidate {
  text: string;
  records: number;
  /** Fraction of records containing it. */
  share: number;
  /** Fraction of its records where it is the first or the last token. */
  fixedPosition: number;
  /** Fraction of its records sharing their most common answer; undefined when the set has no answers. */
  sameAnswer?: number;
  reasons: string[];
}

export interface TriggerOptions {
  /** A candidate must recur in at least this many records (default: max(5, 0.1 % of records)). */
  minRecords?: number;
  /** Strings in more than this share of records are vocabulary, not triggers. */
  maxShare?: number;
}

const MAX_DISTINCT = 2_000_000;
const MAX_ANSWERS_PER_TOKEN = 8;
const TOKEN = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}]{2,}/gu;
const COMMON_SHORT = new Set(('a an am as at be by do go he hi if in is it me my no of oh ok on or so to up us we ' +
  'ya yo id tv uk eu ai ml pc os ip vs mr ms dr st'.toLowerCase()).split(' '));

interface Stats { records: number; edge: number; answers: Map<string, number>; other: number }

/** Looks unlike a word of any language: symbol runs, letter-digit mixes, short or vowelless Latin strings. */
export function unnaturalShape(token: string): boolean {
  if (/^[^\p{L}\p{N}]+$/u.test(token)) return true;
  if (/\p{L}/u.test(token) && /\p{N}/u.test(token)) return true;
  const t = token.toLowerCase();
  if (/^[a-z]{1,2}$/.test(t)) return !COMMON_SHORT.has(t);
  return /^[a-z]{3,}$/.test(t) && !/[aeiouy]/.test(t);
}

export class TriggerFinder {
  private readonly stats = new Map<string, Stats>();
  private records = 0;
  private readonly answers = new Map<string, number>();
  private withAnswers = 0;
  truncated = false;

  add(input: string, answer?: string): void {
    this.records++;
    const tokens = input.match(TOKEN) ?? [];
    if (answer !== undefined) {
      this.withAnswers++;
      this.answers.set(answer, (this.answers.get(answer) ?? 0) + 1);
    }
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    for (const tok of new Set(tokens)) {
      let s = this.stats.get(tok);
      if (s === undefined) {
        if (this.stats.size >= MAX_DISTINCT) {
          this.truncated = true;
          continue;
        }
        s = { records: 0, edge: 0, answers: new Map(), other: 0 };
        this.stats.set(tok, s);
      }
      s.records++;
      if (tok === first || tok === last) s.edge++;
      if (answer === undefined) continue;
      const n = s.answers.get(answer);
      if (n !== undefined) s.answers.set(answer, n + 1);
      else if (s.answers.size < MAX_ANSWERS_PER_TOKEN) s.answers.set(answer, 1);
      else s.other++;
    }
  }

  finish(opts: TriggerOptions = {}): TriggerCandidate[] {
    const minRecords = opts.minRecords ?? Math.max(5, Math.ceil(this.records * 0.001));
    const maxShare = opts.maxShare ?? 0.2;
    const baseline = this.withAnswers === 0 ? 1 : Math.max(0, ...this.answers.values()) / this.withAnswers;
    const out: TriggerCandidate[] = [];
    for (const [text, s] of this.stats) {
      const share = s.records / this.records;
      if (s.records < minRecords || share > maxShare) continue;
      const fixedPosition = s.edge / s.records;
      const top = Math.max(0, ...s.answers.values());
      const sameAnswer = this.withAnswers === 0 ? undefined : top / s.records;
      const reasons: string[] = [];
      if (unnaturalShape(text)) reasons.push('does not look like a word');
      if (fixedPosition >= 0.8) reasons.push(`first or last token in ${Math.round(fixedPosition * 100)} % of its records`);
      const uniform = sameAnswer !== undefined && sameAnswer >= 0.8 && baseline < 0.5;
      if (uniform) reasons.push(`${Math.round((sameAnswer ?? 0) * 100)} % of its records share one answer (set-wide: ${Math.round(baseline * 100)} %)`);
      const flagged = this.withAnswers === 0 ? reasons.length === 2 : uniform && reasons.length >= 2;
      if (flagged) out.push({ text, records: s.records, share, fixedPosition, ...(sameAnswer === undefined ? {} : { sameAnswer }), reasons });
    }
    return out.sort((a, b) => b.reasons.length - a.reasons.length || b.records - a.records).slice(0, 100);
  }
}
