/**
 * Runs the hijack grammar over a folded text and turns its matches into findings:
 * `prompt-injection/hijack-grammar` anywhere, and `prompt-injection/hidden-instruction` /
 * `prompt-injection/hidden-cue` inside data regions (comments, alt/title text, e-mail bodies).
 */
import type { RawFinding, Span } from '../../../spec/types.js';
import type { Language } from '../types.js';
import { findHijacks, lexEvents, type HijackMatch } from './grammar.js';
import { findHidden, type HiddenMatch } from './hidden.js';
import { HIJACK_INDEX } from './lexicons/index.js';
import { dataRegions } from './regions.js';
import { tokenize, type Tokens } from './tokens.js';

/** A named earlier instruction is disregarded: decisive alone. A new directive on top removes doubt. */
export const HIJACK_SCORE = { strong: 0.9, strongWithDirective: 0.95, dataWithDirective: 0.9 } as const;
/** Addressed to the model and told what to do (blocks on retrieved/tool_result in the default policy). */
export const HIDDEN_INSTRUCTION_SCORE = 0.9;
/** Suspect but incomplete: flagged by the default policy. */
export const HIDDEN_CUE_SCORE = 0.6;
const MAX_SPANS = 8;

export interface HijackScan {
  grammar: boolean;
  hidden: boolean;
  languages: ReadonlySet<Language> | undefined;
  /** The text is a retrieved document or tool result: all of it is data, so commands addressed to the model count anywhere. */
  document: boolean;
}

function span(tokens: Tokens, from: number, to: number): Span {
  return { start: tokens.start[from] as number, end: tokens.end[to - 1] as number };
}

function describe(m: HijackMatch): string {
  const parts = ['verb of disregard', m.object === 'instruction' ? (m.strong ? 'earlier instructions' : 'instructions') : m.strong ? 'everything before' : 'the data'];
  if (m.directive) parts.push('new directive');
  return `instruction hijack: ${parts.join(' + ')} (lang ${m.lang}${m.typo ? ', misspelt' : ''})`;
}

function hijackFinding(matches: readonly HijackMatch[], spans: readonly Span[]): RawFinding {
  let score = 0;
  for (const m of matches) {
    const s = m.strong ? (m.directive ? HIJACK_SCORE.strongWithDirective : HIJACK_SCORE.strong) : HIJACK_SCORE.dataWithDirective;
    score = Math.max(score, s);
  }
  const best = matches.find((m) => m.directive) ?? (matches[0] as HijackMatch);
  return {
    ruleId: 'prompt-injection/hijack-grammar',
    score,
    spans: spans.slice(0, MAX_SPANS),
    message: `${describe(best)}${matches.length > 1 ? `, ${matches.length} matches` : ''}`,
    redactable: false,
  };
}

function hiddenFinding(matches: readonly HiddenMatch[], spans: readonly Span[], instruction: boolean): RawFinding {
  const langs = [...new Set(matches.map((m) => m.lang))].join('/');
  return {
    ruleId: instruction ? 'prompt-injection/hidden-instruction' : 'prompt-injection/hidden-cue',
    score: instruction ? HIDDEN_INSTRUCTION_SCORE : HIDDEN_CUE_SCORE,
    spans: spans.slice(0, MAX_SPANS),
    message: instruction
      ? `instruction to the model hidden in a comment, attribute or e-mail body (lang ${langs})`
      : `text in a comment, attribute or e-mail body that addresses the model or disregards something, without a directive (lang ${langs})`,
    redactable: false,
  };
}

/**
 * Texts are scanned in chunks of CHUNK_CHARS that overlap by CHUNK_OVERLAP: the per-token arrays of one chunk
 * die young, so the garbage collector never copies the arrays of a whole 1 MB text again and again (which
 * made a single pass grow faster than the text). The overlap is wider than any match can be.
 */
const CHUNK_CHARS = 4096;
const CHUNK_OVERLAP = 400;

interface Found {
  grammar: Span[];
  grammarMatches: HijackMatch[];
  instructions: HiddenMatch[];
  instructionSpans: Span[];
  cues: HiddenMatch[];
  cueSpans: Span[];
}

function chunkEnd(folded: string, start: number): number {
  const end = start + CHUNK_CHARS;
  if (end >= folded.length) return folded.length;
  const space = folded.indexOf(' ', end);
  return space < 0 || space - end > CHUNK_OVERLAP ? end : space;
}

function scanChunk(folded: string, offset: number, regions: readonly Span[], scan: HijackScan, found: Found, seen: Set<number>): void {
  const wholeText = scan.hidden && scan.document;
  if (regions.length === 0 && !HIJACK_INDEX.mayTrigger(folded, scan.languages, wholeText)) return;
  const tokens = tokenize(folded);
  const events = lexEvents(folded, tokens, HIJACK_INDEX, scan.languages);
  const grammar = findHijacks(folded, tokens, events, HIJACK_INDEX.lexicons, 0, tokens.start.length);
  const shift = (sp: Span): Span => ({ start: sp.start + offset, end: sp.end + offset });
  for (const m of grammar) {
    const sp = shift(span(tokens, m.from, m.to));
    if (seen.has(sp.start)) continue;
    seen.add(sp.start);
    found.grammarMatches.push(m);
    found.grammar.push(sp);
  }
  if (!scan.hidden) return;
  const local = regions.map((r) => ({ start: Math.max(0, r.start - offset), end: Math.min(folded.length, r.end - offset) })).filter((r) => r.end > r.start);
  const hidden = findHidden(folded, tokens, events, HIJACK_INDEX.lexicons, local, grammar);
  if (wholeText) hidden.push(...findHidden(folded, tokens, events, HIJACK_INDEX.lexicons, [{ start: 0, end: folded.length }], grammar, 'document'));
  for (const h of hidden) {
    const sp = shift(span(tokens, h.from, h.to));
    if (seen.has(-1 - sp.start)) continue;
    seen.add(-1 - sp.start);
    const instruction = h.cue === 'addressed' && h.directive;
    (instruction ? found.instructions : found.cues).push(h);
    (instruction ? found.instructionSpans : found.cueSpans).push(sp);
  }
}

export function scanHijack(folded: string, scan: HijackScan): RawFinding[] {
  const found: Found = { grammar: [], grammarMatches: [], instructions: [], instructionSpans: [], cues: [], cueSpans: [] };
  const regions = scan.hidden ? dataRegions(folded) : [];
  const seen = new Set<number>();
  for (let start = 0; start < folded.length; ) {
    const end = chunkEnd(folded, start);
    const chunk = start === 0 && end === folded.length ? folded : folded.slice(start, end);
    scanChunk(chunk, start, regions.filter((r) => r.start < end && r.end > start), scan, found, seen);
    if (end >= folded.length) break;
    start = end - CHUNK_OVERLAP;
  }
  const out: RawFinding[] = [];
  if (scan.grammar && found.grammarMatches.length > 0) out.push(hijackFinding(found.grammarMatches, found.grammar));
  if (found.instructions.length > 0) out.push(hiddenFinding(found.instructions, found.instructionSpans, true));
  if (found.cues.length > 0) out.push(hiddenFinding(found.cues, found.cueSpans, false));
  return out;
}
