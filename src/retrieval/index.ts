/** The retrieval part's public surface: the access rule, the guard over any store's results, the stores. */
export { judgeAccess, subjectPrincipals, documentPrincipals, type AccessVerdict } from './access-rule.js';
export { accessRuleConfig, accessRuleFields, accessRuleSchema, DEFAULT_LEVELS, type AccessRuleInput } from './config.js';
export { guardDocuments, type GuardOptions } from './guard.js';
export { admitDocuments } from './admit.js';
export { subjectFromIdentity, GROUP_ROLE_PREFIX, CLEARANCE_ROLE_PREFIX } from './subject.js';
export { openSqliteDocumentStore, DOCUMENTS_DB_FILE, DEFAULT_TOP_K, MAX_TOP_K, type SqliteDocumentStore } from './sqlite-store.js';
export { queryTerms } from './query-terms.js';
