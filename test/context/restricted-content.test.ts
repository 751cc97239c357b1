import { describe, expect, it } from 'vitest';
import { createFingerprintIndex, restrictedFor } from '../../src/context/fingerprints.js';
import { createWarden } from '../../src/warden.js';

const SALARIES =
  'Compensation review 2026: the engineering director earns 310,000 dollars base salary plus a retention bonus of 85,000 dollars. ' +
  'Senior engineers in the Berlin office receive between 120,000 and 140,000 euros. The board approved layoffs of twelve staff in the Lisbon support team for March.';
const MERGER =
  'Project Heron: Acme intends to acquire Globex for 2.4 billion dollars in cash. The announcement is planned for the second quarter, ' +
  'after the antitrust review in Brussels concludes. Only the deal team may discuss valuation multiples with outside counsel.';
const HANDBOOK = 'Employees accrue twenty five vacation days per year. Remote work is allowed three days per week with manager approval.';

const docs = [
  { id: 'hr/salaries', text: SALARIES, source: 'hr/salaries-2026.md' },
  { id: 'corp/heron', text: MERGER },
  { id: 'hr/handbook', text: HANDBOOK },
];
const index = createFingerprintIndex(docs);
const readable = new Set(['hr/handbook']);
const ctx = { restricted: restrictedFor(index, (i) => readable.has(index.document(i)?.id ?? '')) };
const warden = createWarden();

function rules(text: string): string[] {
  return warden.scanOutput(text, ctx).findings.map((f) => f.ruleId);
}

describe('restricted-content', () => {
  it('blocks a verbatim reproduction and names the document', () => {
    const r = warden.scanOutput(`Sure. ${SALARIES.slice(0, 200)}`, ctx);
    expect(r.action).toBe('block');
    expect(r.findings[0]?.message).toContain('hr/salaries-2026.md');
  });

  it('blocks a light paraphrase and partial quoting', () => {
    const paraphrased =
      'From the compensation reviews of 2026, the engineering director is earning $310,000 in base salaries, along with retention bonuses of 85,000. ' +
      'Senior engineers at the Berlin offices are receiving 120,000 to 140,000 euros.';
    expect(rules(paraphrased)).toContain('restricted-content/reproduced');
    expect(rules('I heard Acme intends to acquire Globex for 2.4 billion dollars in cash, announced in the second quarter.')).toContain(
      'restricted-content/reproduced',
    );
  });

  it('lets the caller read what it may read, and ordinary answers through', () => {
    expect(rules(`Per the handbook: ${HANDBOOK}`)).toEqual([]);
    expect(rules('Engineers often ask about salaries; please contact HR for the compensation policy.')).toEqual([]);
    expect(rules('Acme is a company. Globex is another company. Both have offices in Berlin.')).toEqual([]);
  });

  it('a reader of the document is not blocked, and without fingerprints nothing is found', () => {
    const all = { restricted: restrictedFor(index, () => true) };
    expect(warden.scanOutput(SALARIES, all).action).not.toBe('block');
    expect(warden.scanOutput(SALARIES).findings.filter((f) => f.detector === 'restricted-content')).toEqual([]);
  });

  it('indexes 10,000 documents and finds the one an answer reproduces quickly', () => {
    const big = createFingerprintIndex(
      Array.from({ length: 10_000 }, (_, i) => ({ id: `d${i}`, text: `Record ${i}: account ${i * 7} holds balance ${i * 13} for customer number ${i * 31} in region ${i % 17}.` })),
    );
    expect(big.size).toBe(10_000);
    const restricted = restrictedFor(big, () => false);
    const t0 = performance.now();
    const r = warden.scanOutput('Record 4242: account 29694 holds balance 55146 for customer number 131502 in region 9.', { restricted });
    expect(performance.now() - t0).toBeLessThan(500);
    expect(r.findings.map((f) => f.message).join()).toContain('"d4242"');
  });
});
