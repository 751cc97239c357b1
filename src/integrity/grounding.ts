/**
 * Grounding and citations of one answer against the documents provided to its request. Each sentence that makes
 * a claim (three content words, or a number, date or name; not a question, a heading or a lead-in ending in ":") is
 * supported when one passage covers at least `minSupport` of its term weight and holds every number, date and name
 * it states. Citations are read first and blanked, so they neither count as words nor split sentences; a cited
 * sentence must be supported by a passage of a cited document, and a cited id must be a provided document.
 */
import type { IntegrityCheck } from '../spec/integrity.js';
import { DEFAULT_CITATIONS, findCitations, type Citation, type CitationFormat } from './citations.js';
import { indexPassages, type ProvidedDocument, type Support } from './passages.js';
import { blankSpans, splitSentences, type Sentence } from './sentences.js';
import { claimOf, type Claim } from './terms.js';

export type IntegrityRule =
  | 'integrity/unsupported-claim'
  | 'integrity/unsupported-number'
  | 'integrity/unsupported-date'
  | 'integrity/unsupported-name'
  | 'integrity/low-confidence'
  | 'integrity/citation-missing'
  | 'integrity/citation-fabricated'
  | 'integrity/citation-unsupported'
  | 'integrity/verbatim';

export interface IntegrityFinding {
  ruleId: IntegrityRule;
  check: IntegrityCheck;
  /** The sentence (or span) of the answer it is about. */
  start: number;
  end: number;
  /** No answer or document text: ids, counts and offsets only (findings are kept verbatim at rest). */
  message: string;
  score: number;
}

export interface GroundingOptions {
  /** Share of a claim's term weight one passage must hold (0..1). */
  minSupport: number;
  /** An answer whose confidence is below this gets `integrity/low-confidence`; 0 = never. */
  minConfidence: number;
}

export interface CitationOptions {
  format: CitationFormat;
  /** Every claim sentence must cite a document. */
  required: boolean;
  minSupport: number;
}

export interface AnswerCheck {
  grounding?: GroundingOptions;
  citations?: CitationOptions;
}

export interface SentenceVerdict extends Sentence {
  supported: boolean;
  /** The sentence's support, 0..1 (0 when a number, date or name is not in the supporting passage). */
  score: number;
  cited: string[];
}

export interface GroundingReport {
  confidence: number | null;
  claims: SentenceVerdict[];
  findings: IntegrityFinding[];
}

const quoted = (id: string) => JSON.stringify(id.slice(0, 64));
const round = (n: number) => Math.round(n * 1000) / 1000;

function isClaim(s: Sentence, claim: Claim): boolean {
  const t = s.text.trimEnd();
  if (t.endsWith('?') || t.endsWith(':') || t.startsWith('#')) return false;
  return claim.terms.length >= 3 || claim.numbers.length + claim.dates.length + claim.names.length > 0;
}

/** The most specific reason a claim is unsupported. */
function unsupportedRule(s: Support): { ruleId: IntegrityRule; what: string } {
  if (s.missing.numbers > 0) return { ruleId: 'integrity/unsupported-number', what: `${s.missing.numbers} number(s) not found in the supporting passage` };
  if (s.missing.dates > 0) return { ruleId: 'integrity/unsupported-date', what: `${s.missing.dates} date(s) not found in the supporting passage` };
  if (s.missing.names > 0) return { ruleId: 'integrity/unsupported-name', what: `${s.missing.names} name(s) not found in the supporting passage` };
  return { ruleId: 'integrity/unsupported-claim', what: `lexical support ${round(s.coverage)}` };
}

/** Citations belong to the sentence they follow (or the first sentence, when they open the answer). */
function citedBy(sentences: readonly Sentence[], citations: readonly Citation[]): string[][] {
  const out = sentences.map((): string[] => []);
  for (const c of citations) {
    let owner = 0;
    for (let i = 0; i < sentences.length && (sentences[i] as Sentence).start <= c.start; i++) owner = i;
    out[owner]?.push(c.id);
  }
  return out;
}

export function checkGrounding(answer: string, documents: readonly ProvidedDocument[], opts: AnswerCheck): GroundingReport {
  // Citations in the default format are blanked even when none are required, so they never count as claim words.
  const citations = findCitations(answer, opts.citations?.format ?? DEFAULT_CITATIONS);
  const masked = blankSpans(answer, citations);
  const sentences = splitSentences(answer, masked);
  const cited = citedBy(sentences, citations);
  const index = indexPassages(documents);
  const provided = new Set(documents.map((d) => d.id));
  const findings: IntegrityFinding[] = [];
  const claims: SentenceVerdict[] = [];
  const at = (s: Sentence, i: number) => `sentence ${i + 1} (chars ${s.start}-${s.end})`;

  for (const c of opts.citations === undefined ? [] : citations) {
    if (!provided.has(c.id)) {
      findings.push({ ruleId: 'integrity/citation-fabricated', check: 'citations', start: c.start, end: c.end, score: 1, message: `Citation of ${quoted(c.id)}: no document with this id was provided to the request` });
    }
  }
  sentences.forEach((s, i) => {
    const claim = claimOf(masked.slice(s.start, s.end));
    if (!isClaim(s, claim)) return;
    const ids = [...new Set(cited[i] ?? [])];
    const support = index.support(claim);
    const supported = support.exact && support.coverage >= (opts.grounding?.minSupport ?? 0);
    claims.push({ ...s, supported, score: support.exact ? round(support.coverage) : 0, cited: ids });
    if (opts.grounding !== undefined && !supported) {
      const { ruleId, what } = unsupportedRule(support);
      findings.push({ ruleId, check: 'grounding', start: s.start, end: s.end, score: round(1 - (support.exact ? support.coverage : 0)), message: `${at(s, i)} is not supported by the provided documents: ${what}` });
    }
    const c = opts.citations;
    if (c === undefined) return;
    const real = ids.filter((id) => provided.has(id));
    if (ids.length === 0 && c.required) {
      findings.push({ ruleId: 'integrity/citation-missing', check: 'citations', start: s.start, end: s.end, score: 1, message: `${at(s, i)} makes a claim without a citation (${c.format.format})` });
    } else if (real.length > 0) {
      const cites = new Set(real);
      const bySource = index.support(claim, (d) => cites.has(d));
      if (!(bySource.exact && bySource.coverage >= c.minSupport)) {
        const { what } = unsupportedRule(bySource);
        findings.push({ ruleId: 'integrity/citation-unsupported', check: 'citations', start: s.start, end: s.end, score: 1, message: `${at(s, i)} cites ${real.map(quoted).join(', ')}, which do(es) not support it: ${what}` });
      }
    }
  });
  const confidence = claims.length === 0 ? null : round(claims.reduce((sum, c) => sum + c.score, 0) / claims.length);
  const min = opts.grounding?.minConfidence ?? 0;
  if (confidence !== null && confidence < min) {
    findings.push({ ruleId: 'integrity/low-confidence', check: 'grounding', start: 0, end: answer.length, score: round(1 - confidence), message: `Answer confidence ${confidence} is below ${min} (${claims.filter((c) => c.supported).length} of ${claims.length} claims supported)` });
  }
  return { confidence, claims, findings };
}
