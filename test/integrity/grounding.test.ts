/** Grounding and citations of an answer against the documents provided to its request. */
import { describe, expect, it } from 'vitest';
import { compileCitationFormat, citationFormatProblem, findCitations } from '../../src/integrity/citations.js';
import { findDates } from '../../src/integrity/dates.js';
import { checkGrounding, type AnswerCheck } from '../../src/integrity/grounding.js';
import { splitSentences } from '../../src/integrity/sentences.js';
import { claimOf, normaliseNumber } from '../../src/integrity/terms.js';

const DOCS = [
  {
    id: 'refunds',
    text:
      'Customers can return unused items within 30 days of purchase for a full refund. Refunds are paid to the original card ' +
      'within 5 business days. The policy took effect on 1 March 2024 and was approved by Maria Lopez.',
  },
  { id: 'shipping', text: 'Standard shipping takes 3 to 7 days. Express shipping costs $15 and arrives the next business day. Orders over $1,000 ship free.' },
];

const BOTH: AnswerCheck = {
  grounding: { minSupport: 0.5, minConfidence: 0 },
  citations: { format: compileCitationFormat('[doc:ID]'), required: true, minSupport: 0.5 },
};
const GROUNDING: AnswerCheck = { grounding: { minSupport: 0.5, minConfidence: 0 } };

const rules = (answer: string, opts: AnswerCheck = BOTH) => checkGrounding(answer, DOCS, opts).findings.map((f) => f.ruleId);

describe('grounding', () => {
  it('supports a paraphrase of a document, with a confidence score', () => {
    const r = checkGrounding('Unused items may be returned for a full refund within 30 days of buying them [doc:refunds].', DOCS, BOTH);
    expect(r.findings).toEqual([]);
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]?.supported).toBe(true);
    expect(r.confidence).toBeGreaterThan(0.6);
    expect(r.confidence).toBeLessThan(1);
  });

  it('flags an unsupported number even when every word is supported', () => {
    const r = checkGrounding('Refunds are paid to the original card within 14 business days.', DOCS, GROUNDING);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['integrity/unsupported-number']);
    expect(r.confidence).toBe(0);
    expect(rules('Refunds are paid to the original card within 5 business days.', GROUNDING)).toEqual([]);
  });

  it('compares numbers by value: thousands separators and trailing zeros', () => {
    expect(rules('Orders over $1000.00 ship free.', GROUNDING)).toEqual([]);
    expect(rules('Orders over $100 ship free.', GROUNDING)).toEqual(['integrity/unsupported-number']);
    expect(['1,000', '1000.00', '007', '3,5', '1.2.3'].map(normaliseNumber)).toEqual(['1000', '1000', '7', '3.5', '1.2.3']);
  });

  it('flags a wrong date and accepts the same date written another way', () => {
    expect(rules('The policy took effect on March 3, 2024.', GROUNDING)).toEqual(['integrity/unsupported-date']);
    expect(rules('The policy took effect on March 1st, 2024.', GROUNDING)).toEqual([]);
    expect(rules('The policy took effect on 2024-03-01.', GROUNDING)).toEqual([]);
    expect(rules('The policy took effect in March 2024.', GROUNDING)).toEqual([]);
    expect(rules('The policy took effect in April 2024.', GROUNDING)).toEqual(['integrity/unsupported-date']);
  });

  it('flags a name the documents do not hold', () => {
    expect(rules('The refund policy was approved by John Smith.', GROUNDING)).toEqual(['integrity/unsupported-name']);
    expect(rules("The refund policy was approved by Maria Lopez.", GROUNDING)).toEqual([]);
  });

  it('flags a sentence with no lexical support and skips questions, lead-ins and small talk', () => {
    const r = checkGrounding('Sure! Here is what I found: Our warehouse robots are painted bright orange. Anything else?', DOCS, GROUNDING);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['integrity/unsupported-claim']);
    expect(r.claims).toHaveLength(1);
    expect(rules('Would you like to know more about returns?', GROUNDING)).toEqual([]);
  });

  it('reads markdown answers: list numbers, headings and bold labels are no claims', () => {
    const answer = 'Here are the rules:\n\n1. Standard shipping takes 3 to 7 days.\n2. Express shipping costs $15.\n\n## Shipping Overview\n- **Refunds:** paid within 5 business days.';
    const r = checkGrounding(answer, DOCS, GROUNDING);
    expect(r.findings).toEqual([]);
    expect(r.claims.map((c) => c.text)).toEqual(['1. Standard shipping takes 3 to 7 days.', '2. Express shipping costs $15.', '- **Refunds:** paid within 5 business days.']);
    expect(rules('1. Express shipping costs $25.', GROUNDING)).toEqual(['integrity/unsupported-number']);
  });

  it('supports a claim drawn from adjacent sentences of one document', () => {
    expect(rules('Express shipping costs $15, while orders over $1,000 ship free.', GROUNDING)).toEqual([]);
  });

  it('reports low confidence below the configured minimum', () => {
    const opts: AnswerCheck = { grounding: { minSupport: 0.5, minConfidence: 0.8 } };
    const r = checkGrounding('Standard shipping takes 3 to 7 days. Express shipping costs $25.', DOCS, opts);
    expect(r.confidence).toBeLessThan(0.8);
    expect(r.findings.map((f) => f.ruleId).sort()).toEqual(['integrity/low-confidence', 'integrity/unsupported-number']);
  });

  it('keeps answer and document text out of finding messages', () => {
    for (const f of checkGrounding('The refund policy was approved by John Smith on 9 May 2023.', DOCS, BOTH).findings) {
      expect(f.message).not.toMatch(/John|Smith|2023|refund policy/);
    }
  });
});

describe('citations', () => {
  it('flags a fabricated citation id', () => {
    const r = checkGrounding('Express shipping costs $15 [doc:policy-9].', DOCS, BOTH);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['integrity/citation-fabricated']);
    expect(r.findings[0]?.message).toContain('"policy-9"');
  });

  it('flags a citation whose document does not support the sentence', () => {
    expect(rules('Express shipping costs $15 and arrives the next business day [doc:refunds].')).toEqual(['integrity/citation-unsupported']);
    expect(rules('Express shipping costs $15 and arrives the next business day [doc:shipping].')).toEqual([]);
  });

  it('flags a claim without a citation when citations are required, and only then', () => {
    expect(rules('Standard shipping takes 3 to 7 days.')).toEqual(['integrity/citation-missing']);
    const optional: AnswerCheck = { citations: { format: compileCitationFormat('[doc:ID]'), required: false, minSupport: 0.5 } };
    expect(rules('Standard shipping takes 3 to 7 days.', optional)).toEqual([]);
    expect(rules('Standard shipping takes 3 to 7 days [doc:nope].', optional)).toEqual(['integrity/citation-fabricated']);
  });

  it('gives a citation after the full stop to the sentence before it', () => {
    expect(rules('Standard shipping takes 3 to 7 days. [doc:shipping] Refunds are paid within 5 business days.[doc:refunds]')).toEqual([]);
  });

  it('reads a configured format, and refuses formats that cannot be told from prose', () => {
    const f = compileCitationFormat('(source:ID)');
    expect(findCitations('Shipping is free (source:shipping) over $1,000.', f)).toEqual([{ start: 17, end: 34, id: 'shipping' }]);
    expect(citationFormatProblem('ID')).toMatch(/literal text before ID/);
    expect(citationFormatProblem('[doc]')).toMatch(/exactly once/);
    expect(citationFormatProblem('[ID:ID]')).toMatch(/exactly once/);
    expect(citationFormatProblem('[doc: ID]')).toMatch(/whitespace/);
  });

  it('ignores citations in the default format when checking grounding alone', () => {
    expect(rules('Standard shipping takes 3 to 7 days [doc:whatever].', GROUNDING)).toEqual([]);
  });
});

describe('text', () => {
  it('splits sentences without breaking after titles, months or initials', () => {
    const s = splitSentences('Mr. Smith met Dr. J. Doe on Jan. 5 in the U.S. office. It went well.');
    expect(s.map((x) => x.text)).toEqual(['Mr. Smith met Dr. J. Doe on Jan. 5 in the U.S. office.', 'It went well.']);
  });

  it('finds dates in several notations', () => {
    expect(findDates('On 2024-03-01, 1 March 2024, March 1st, 2024, 1st of March, 2024, Mar. 1 and March 2024.').map((d) => d.key)).toEqual([
      '2024-03-01', '2024-03-01', '2024-03-01', '2024-03-01', '--03-01', '2024-03',
    ]);
  });

  it('reads names from capitalised words other than the first', () => {
    expect(claimOf('Yesterday Acme Corp’s CFO met Maria in Berlin.').names.sort()).toEqual(['acme', 'berlin', 'cfo', 'corp', 'maria']);
  });
});
