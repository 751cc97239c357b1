/** Output integrity: grounding, citations, verbatim reproduction (docs/integrity.md). Types only. */

/** The three checks of an answer. */
export type IntegrityCheck = 'grounding' | 'citations' | 'verbatim';

/** What a check's findings do: record only, append a notice to the answer, or replace the answer with a block notice. */
export type IntegrityAction = 'flag' | 'notice' | 'block';

/** The integrity summary of one answer in its audit record; the findings themselves are output findings (`integrity/*`). */
export interface AuditIntegrity {
  /** The checks that ran (grounding and citations need documents provided to the request). */
  checks: IntegrityCheck[];
  /** Mean support of the answer's claim sentences, 0..1; null when the answer makes no claim or grounding did not run. */
  confidence: number | null;
  /** Claim sentences checked, and how many of them the documents support. */
  claims: number;
  supported: number;
  /** The strongest action the findings asked for; `allow` when there were none. */
  action: IntegrityAction | 'allow';
  ms: number;
}
