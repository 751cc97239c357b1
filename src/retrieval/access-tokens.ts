import { createHash } from 'node:crypto';
import type { AccessRuleConfig, RetrievalDocument, RetrievalSubject } from '../spec/retrieval.js';
import { clearanceRank, documentPrincipals, levelRank, subjectPrincipals, UNKNOWN_RANK } from './access-rule.js';

/** Stands for "no ACL" in a document's tokens; callers match it only when missing metadata is tenant-wide. */
const UNLABELLED = '\u0000unlabelled';

/**
 * One read grant as a full-text token: `a` + 20 hex digits (80 bits) of SHA-256 over tenant, principal and a
 * clearance level, so any name (spaces, punctuation, any script) becomes one token the tokenizer keeps whole.
 * A caller's filter is the OR of its few principals at its own clearance: one short posting list per principal,
 * holding exactly the documents that principal may read at that clearance, so FTS5 intersects the query's words with
 * what the caller may read without walking tenant-wide or level-wide lists.
 */
function readToken(tenant: string, principal: string, level: string): string {
  return `a${createHash('sha256').update(`read\u0000${tenant}\u0000${principal}\u0000${level}`).digest('hex').slice(0, 20)}`;
}

/**
 * A document's grants: each ACL principal (or the unlabelled marker) at every level from its classification up.
 * Under `missing_metadata: deny` a document without classification or ACL gets none, so no query matches it.
 */
export function documentTokens(doc: RetrievalDocument, rule: AccessRuleConfig): string {
  const lenient = rule.missingMetadata === 'tenant';
  const principals = documentPrincipals(doc);
  if (doc.tenant === undefined || (!lenient && (principals.length === 0 || doc.classification === undefined))) return '';
  const rank = doc.classification === undefined ? 0 : levelRank(rule, doc.classification);
  if (rank === UNKNOWN_RANK) return '';
  const levels = rule.levels.slice(rank);
  return (principals.length === 0 ? [UNLABELLED] : principals).flatMap((p) => levels.map((l) => readToken(doc.tenant ?? '', p, l))).join(' ');
}

/** FTS5 column filter matching the documents the subject may read: its principals at its clearance. */
export function subjectFilter(column: string, subject: RetrievalSubject, rule: AccessRuleConfig): string {
  const level = rule.levels[clearanceRank(rule, subject)] ?? '';
  const principals = subjectPrincipals(subject);
  if (rule.missingMetadata === 'tenant') principals.push(UNLABELLED);
  return `${column} : (${principals.map((p) => `"${readToken(subject.tenant, p, level)}"`).join(' OR ')})`;
}
