import type { AccessRuleConfig, DocumentHit, DocumentQuery, DocumentStore, RetrievalDocument, RetrievalSubject } from '../spec/retrieval.js';
import { asRow, num, openDatabase, str, strOrNull, type SqliteDb } from '../store/sqlite.js';
import { clearanceRank, documentPrincipals, levelRank, subjectPrincipals, UNKNOWN_RANK } from './access-rule.js';
import { accessToken, anyOf, NO_LEVEL, UNLABELLED } from './access-tokens.js';
import { admitDocuments } from './admit.js';
import { queryTerms } from './query-terms.js';
import { DOCUMENT_SCHEMA, FILTERED_SEARCH, UNFILTERED_SEARCH } from './sqlite-schema.js';

/** File name of the document store inside the data dir: its own file, so ingestion never holds warden.db's lock. */
export const DOCUMENTS_DB_FILE = 'documents.db';
export const DEFAULT_TOP_K = 5;
export const MAX_TOP_K = 100;
/** Batches at least this large merge the full-text index after storing. */
const BULK_BATCH = 500;

/** The SQLite store, plus the unfiltered search the benchmark measures its filter against. */
export interface SqliteDocumentStore extends DocumentStore {
  searchUnfiltered(query: DocumentQuery): DocumentHit[];
  /** Synchronous filtered search (the async one wraps it): for the benchmark's per-query timing. */
  searchSync(subject: RetrievalSubject, query: DocumentQuery): DocumentHit[];
}

/** FTS5 query from free text: each term quoted (no FTS5 operator survives), any term matching, in title or text. */
function ftsMatch(text: string): string | undefined {
  const terms = queryTerms(text);
  return terms.length === 0 ? undefined : `{title text} : (${terms.map((t) => `"${t}"`).join(' OR ')})`;
}

/** The caller's access tokens ANDed to the words: tenant, any matching principal, any level within clearance. */
function accessMatch(rule: AccessRuleConfig, subject: RetrievalSubject): string {
  const lenient = rule.missingMetadata === 'tenant';
  const principals = subjectPrincipals(subject).map((p) => accessToken('principal', p));
  const levels = rule.levels.slice(0, clearanceRank(rule, subject) + 1).map((l) => accessToken('level', l));
  if (lenient) {
    principals.push(UNLABELLED);
    levels.push(NO_LEVEL);
  }
  return `${anyOf('access_tenant', [accessToken('tenant', subject.tenant)])} AND ${anyOf('access_acl', principals)} AND ${anyOf('access_level', levels)}`;
}

function topK(q: DocumentQuery): number {
  return Math.min(Math.max(Math.trunc(q.limit ?? DEFAULT_TOP_K), 1), MAX_TOP_K);
}

function toHit(raw: unknown): DocumentHit {
  const row = asRow(raw) ?? {};
  const acl = JSON.parse(str(row, 'acl')) as Pick<RetrievalDocument, 'groups' | 'roles' | 'users'>;
  const optional = { title: strOrNull(row, 'title'), source: strOrNull(row, 'source'), classification: strOrNull(row, 'classification') };
  const document: RetrievalDocument = { id: str(row, 'doc_id'), tenant: str(row, 'tenant'), text: str(row, 'text'), ...acl };
  for (const [k, v] of Object.entries(optional)) if (v !== null) Object.assign(document, { [k]: v });
  return { document, score: num(row, 'score') };
}

/** Ranks follow the configured levels: when they changed since the last open, stored ranks are recomputed. */
function syncLevels(db: SqliteDb, rule: AccessRuleConfig): void {
  const levels = JSON.stringify(rule.levels);
  const stored = asRow(db.prepare("SELECT value FROM document_store_meta WHERE key = 'levels'").get());
  if (stored?.['value'] === levels) return;
  db.transaction(() => {
    const rows = db.prepare('SELECT DISTINCT classification FROM documents WHERE classification IS NOT NULL').all();
    const update = db.prepare('UPDATE documents SET rank = ? WHERE classification = ?');
    for (const r of rows) {
      const c = str(asRow(r) ?? {}, 'classification');
      update.run(levelRank(rule, c), c);
    }
    db.prepare("INSERT OR REPLACE INTO document_store_meta (key, value) VALUES ('levels', ?)").run(levels);
  })();
}

/** Opens `<dataDir>/documents.db` (or a given file, `:memory:` in tests) as the embedded document store. */
export function openSqliteDocumentStore(where: { dataDir: string } | { db: SqliteDb }, rule: AccessRuleConfig): SqliteDocumentStore {
  const db = 'db' in where ? where.db : openDatabase(where.dataDir, DOCUMENTS_DB_FILE);
  db.exec(DOCUMENT_SCHEMA);
  syncLevels(db, rule);
  const remove = db.prepare('DELETE FROM documents WHERE tenant = ? AND doc_id = ?');
  const insert = db.prepare(
    `INSERT INTO documents (tenant, doc_id, title, source, classification, rank, unlabelled, acl, text, access_tenant, access_acl, access_level, created_at)
     VALUES (@tenant, @id, @title, @source, @classification, @rank, @unlabelled, @acl, @text, @accessTenant, @accessAcl, @accessLevel, @createdAt)`,
  );
  const insertAcl = db.prepare('INSERT OR IGNORE INTO document_acl (doc, principal) VALUES (?, ?)');
  const filtered = db.prepare(FILTERED_SEARCH);
  const unfiltered = db.prepare(UNFILTERED_SEARCH);
  const countAll = db.prepare('SELECT count(*) AS n FROM documents');
  const countTenant = db.prepare('SELECT count(*) AS n FROM documents WHERE tenant = ?');
  const store = (docs: readonly RetrievalDocument[]) => {
    const createdAt = new Date().toISOString();
    for (const d of docs) {
      remove.run(d.tenant, d.id);
      const principals = documentPrincipals(d);
      const acl = JSON.stringify({ groups: d.groups, roles: d.roles, users: d.users });
      const rank = d.classification === undefined ? null : levelRank(rule, d.classification);
      const row = { tenant: d.tenant, id: d.id, title: d.title ?? null, source: d.source ?? null, classification: d.classification ?? null };
      const access = {
        accessTenant: accessToken('tenant', d.tenant ?? ''),
        accessAcl: principals.length === 0 ? UNLABELLED : principals.map((p) => accessToken('principal', p)).join(' '),
        accessLevel: d.classification === undefined ? NO_LEVEL : accessToken('level', d.classification),
      };
      const { lastInsertRowid } = insert.run({ ...row, ...access, rank, unlabelled: principals.length === 0 ? 1 : 0, acl, text: d.text, createdAt });
      for (const p of principals) insertAcl.run(lastInsertRowid, p);
    }
  };
  const putMany = db.transaction(store);
  const optimize = db.prepare("INSERT INTO documents_fts (documents_fts) VALUES ('optimize')");
  const searchSync = (subject: RetrievalSubject, q: DocumentQuery): DocumentHit[] => {
    const match = ftsMatch(q.text);
    if (match === undefined) return [];
    const lenient = rule.missingMetadata === 'tenant';
    return filtered
      .all({
        match: `${match} AND ${accessMatch(rule, subject)}`,
        tenant: subject.tenant,
        clearance: clearanceRank(rule, subject),
        missingRank: lenient ? 0 : UNKNOWN_RANK + 1,
        lenient: lenient ? 1 : 0,
        principals: JSON.stringify(subjectPrincipals(subject)),
        limit: topK(q),
      })
      .map(toHit);
  };
  return {
    searchMode: 'sqlite-fts5',
    async put(docs, options) {
      const admitted = admitDocuments(docs, rule, options);
      putMany(admitted);
      // A bulk load leaves many index segments; merging them keeps per-query cost flat (FTS5 automerge is gradual).
      if (admitted.length >= BULK_BATCH) optimize.run();
      return admitted.length;
    },
    async search(subject, q) {
      return searchSync(subject, q);
    },
    searchSync,
    searchUnfiltered(q) {
      const match = ftsMatch(q.text);
      return match === undefined ? [] : unfiltered.all({ match, limit: topK(q) }).map(toHit);
    },
    async delete(tenant, id) {
      return remove.run(tenant, id).changes > 0;
    },
    async count(tenant) {
      const row = asRow(tenant === undefined ? countAll.get() : countTenant.get(tenant)) ?? {};
      return num(row, 'n');
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
