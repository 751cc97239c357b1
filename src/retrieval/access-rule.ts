import type { AccessRuleConfig, RetrievalDocument, RetrievalSubject, WithheldCode } from '../spec/retrieval.js';

export type AccessVerdict = { ok: true } | { ok: false; code: WithheldCode; reason: string };

/** Rank of a level stored for a document whose level is not configured: above any clearance. */
export const UNKNOWN_RANK = 1_000_000;

/** Index of a level in the configured order; UNKNOWN_RANK when it is not one of them. */
export function levelRank(rule: Pick<AccessRuleConfig, 'levels'>, level: string): number {
  const i = rule.levels.indexOf(level);
  return i < 0 ? UNKNOWN_RANK : i;
}

/** The caller's clearance as a rank; an unknown clearance is the lowest level, never a higher one. */
export function clearanceRank(rule: AccessRuleConfig, subject: RetrievalSubject): number {
  const rank = levelRank(rule, subject.clearance ?? rule.defaultClearance);
  return rank === UNKNOWN_RANK ? 0 : rank;
}

/**
 * The ACL entries a subject matches, in the `kind:value` form stores index: `g:*` (every caller of the tenant),
 * `g:<group>`, `r:<role>`, `u:<user>`.
 */
export function subjectPrincipals(subject: RetrievalSubject): string[] {
  const out = ['g:*'];
  for (const g of subject.groups) out.push(`g:${g}`);
  for (const r of subject.roles) out.push(`r:${r}`);
  if (subject.userId !== undefined) out.push(`u:${subject.userId}`);
  return out;
}

/** A document's ACL in the same `kind:value` form; empty when it has none. */
export function documentPrincipals(doc: RetrievalDocument): string[] {
  return [
    ...(doc.groups ?? []).map((g) => `g:${g}`),
    ...(doc.roles ?? []).map((r) => `r:${r}`),
    ...(doc.users ?? []).map((u) => `u:${u}`),
  ];
}

/**
 * The access rule every store and the guard apply: same tenant, classification within clearance, and a match on
 * any ACL entry. Missing metadata is denied unless `missingMetadata: tenant`; a missing tenant always is.
 */
export function judgeAccess(doc: RetrievalDocument, subject: RetrievalSubject, rule: AccessRuleConfig): AccessVerdict {
  if (doc.tenant === undefined) return { ok: false, code: 'missing-metadata', reason: 'no tenant' };
  if (doc.tenant !== subject.tenant) return { ok: false, code: 'tenant-mismatch', reason: 'belongs to another tenant' };
  const acl = documentPrincipals(doc);
  const lenient = rule.missingMetadata === 'tenant';
  if (doc.classification === undefined && !lenient) return { ok: false, code: 'missing-metadata', reason: 'no classification' };
  if (acl.length === 0 && !lenient) return { ok: false, code: 'missing-metadata', reason: 'no ACL (groups, roles or users)' };
  const rank = doc.classification === undefined ? 0 : levelRank(rule, doc.classification);
  if (rank === UNKNOWN_RANK) return { ok: false, code: 'malformed-metadata', reason: `unknown classification "${doc.classification?.slice(0, 64)}"` };
  const clearance = clearanceRank(rule, subject);
  if (rank > clearance) {
    return { ok: false, code: 'classification', reason: `classified ${doc.classification} above the caller's clearance ${rule.levels[clearance]}` };
  }
  if (acl.length === 0) return { ok: true };
  const mine = new Set(subjectPrincipals(subject));
  if (acl.some((p) => mine.has(p))) return { ok: true };
  return { ok: false, code: 'not-in-acl', reason: 'caller is in none of its groups, roles or users' };
}
