import { RetrievalInputError } from '../core/errors.js';
import type { AccessRuleConfig, RetrievalDocument } from '../spec/retrieval.js';
import { levelRank, UNKNOWN_RANK } from './access-rule.js';
import { contentProblem } from './content.js';
import { parseDocument, reportedId } from './document-shape.js';

/**
 * The checks a store makes before storing a batch (all or nothing): shape, size, binary content, a known
 * classification, and a tenant. With `tenant` (the ingesting caller's), that tenant wins: documents without one get
 * it, and one naming another tenant is refused rather than filed where the caller cannot vouch for it.
 */
export function admitDocuments(values: readonly unknown[], rule: AccessRuleConfig, options: { tenant?: string } = {}): RetrievalDocument[] {
  return values.map((value, index) => {
    const id = reportedId(value, index);
    const shape = parseDocument(value);
    if (!shape.ok) throw new RetrievalInputError(id, `malformed: ${shape.reason}`);
    const doc = shape.document;
    const problem = contentProblem(doc.text, rule);
    if (problem !== undefined) throw new RetrievalInputError(id, problem.reason);
    if (doc.classification !== undefined && levelRank(rule, doc.classification) === UNKNOWN_RANK) {
      throw new RetrievalInputError(id, `unknown classification "${doc.classification}" (levels: ${rule.levels.join(', ')})`);
    }
    if (options.tenant !== undefined && doc.tenant !== undefined && doc.tenant !== options.tenant) {
      throw new RetrievalInputError(id, `claims tenant "${doc.tenant}" but is ingested for tenant "${options.tenant}"`);
    }
    const tenant = doc.tenant ?? options.tenant;
    if (tenant === undefined) throw new RetrievalInputError(id, 'no tenant: every stored document belongs to one');
    return { ...doc, tenant };
  });
}
