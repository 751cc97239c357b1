import type { AccessRuleConfig, GuardedDocuments, RetrievalDocument, RetrievalSubject, WithheldDocument } from '../spec/retrieval.js';
import { judgeAccess } from './access-rule.js';
import { contentProblem } from './content.js';
import { parseDocument, reportedId } from './document-shape.js';

export interface GuardOptions {
  /**
   * Documents handed over by the caller itself (request extension, library): a document without a tenant is the
   * caller's, since the caller's key vouches for it; one naming another tenant is still withheld.
   */
  stampCallerTenant?: boolean;
}

/**
 * The retrieval guard over results from any store: each value is checked for shape, size and binary content, then
 * judged by the access rule. Permitted documents keep their order; every other one is reported with why.
 */
export function guardDocuments(
  values: readonly unknown[],
  subject: RetrievalSubject,
  rule: AccessRuleConfig,
  options: GuardOptions = {},
): GuardedDocuments {
  const permitted: RetrievalDocument[] = [];
  const withheld: WithheldDocument[] = [];
  values.forEach((value, index) => {
    const id = reportedId(value, index);
    const shape = parseDocument(value);
    if (!shape.ok) {
      withheld.push({ id, code: 'malformed-metadata', reason: shape.reason });
      return;
    }
    const doc = options.stampCallerTenant === true && shape.document.tenant === undefined ? { ...shape.document, tenant: subject.tenant } : shape.document;
    const source = doc.source === undefined ? {} : { source: doc.source.slice(0, 200) };
    const problem = contentProblem(doc.text, rule) ?? verdictProblem(doc, subject, rule);
    if (problem === undefined) permitted.push(doc);
    else withheld.push({ id, ...source, ...problem });
  });
  return { permitted, withheld };
}

function verdictProblem(doc: RetrievalDocument, subject: RetrievalSubject, rule: AccessRuleConfig): Omit<WithheldDocument, 'id'> | undefined {
  const verdict = judgeAccess(doc, subject, rule);
  return verdict.ok ? undefined : { code: verdict.code, reason: verdict.reason };
}
