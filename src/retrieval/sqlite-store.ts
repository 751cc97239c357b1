import type { AccessRuleConfig, DocumentHit, DocumentQuery, DocumentStore, RetrievalDocument, RetrievalSubject } from '../spec/retrieval.js';
import { asRow, num, openDatabase, str, strOrNull, type SqliteDb } from '../store/sqlite.js';
import { clearanceRank, documentPrincipals, levelRank, subjectPrincipals, UNKNOWN_RANK } from './access-rule.js';
import { documentTokens, subjectFilter } from './access-tokens.js';
import { admitDocuments } from './admit.js';
import { queryTerms } from './query-terms.js';
import { DOCUMENT_SCHEMA, FILL_SEARCH, FILL_UNFILTERED, MIGRATE_FROM_ACCESS_COLUMNS, RANKED_SEARCH, RANKED_UNFILTERED, WINDOW_FLOOR } from './sqlite-schema.js';
import { SEARCH_WINDOW, termStats } from './sqlite-search.js';

/** File name of the document store inside the data dir: its own file, so ingestion never holds warden.db's lock. */
export const DOCUMENTS_DB_FILE = 'documents.db';
export const DEFAULT_TOP_K = 5;
export const MAX_TOP_K = 100;
/** Batches at least this large merge the full-text index after storing. */
const BULK_BATCH = 500;
/** Documents read per page when listing. */
const LIST_PAGE = 500;
/** Version of the grant tokens (access-tokens.ts): a change recomputes every document's. */
const TOKENS_VERSION = 2;

/** The SQLite store, plus the unfiltered search the benchmark measures its filter against. */
export interface SqliteDocumentStore extends DocumentStore {
  searchUnfiltered(query: DocumentQuery): DocumentHit[];
  /** Synchronous filtered search (the async one wraps it): for the benchmark's per-query timing. */
  searchSync(subject: RetrievalSubject, query: DocumentQuery): DocumentHit[];
}

/** FTS5 query over title and text: each word quoted (no FTS5 operator survives), any word matching. */
function wordsMatch(terms: readonly string[]): string {
  return `{title text} : (${terms.map((t) => `"${t}"`).join(' OR ')})`;
}

function topK(q: DocumentQuery): number {
  return Math.min(Math.max(Math.trunc(q.limit ?? DEFAULT_TOP_K), 1), MAX_TOP_K);
}

function toDocument(raw: unknown): RetrievalDocument {
  const row = asRow(raw) ?? {};
  const acl = JSON.parse(str(row, 'acl')) as Pick<RetrievalDocument, 'groups' | 'roles' | 'users'>;
  const optional = { title: strOrNull(row, 'title'), source: strOrNull(row, 'source'), classification: strOrNull(row, 'classification') };
  const document: RetrievalDocument = { id: str(row, 'doc_id'), tenant: str(row, 'tenant'), text: str(row, 'text'), ...acl };
  for (const [k, v] of Object.entries(optional)) if (v !== null) Object.assign(document, { [k]: v });
  return document;
}

function toHit(raw: unknown): DocumentHit {
  return { document: toDocument(raw), score: num(asRow(raw) ?? {}, 'score') };
}

/** A file made before grant tokens has one index column per kind of access token: migrate it in place. */
function migrate(db: SqliteDb): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('documents')").pluck().all();
  if (columns.includes('access_tenant')) db.transaction(() => db.exec(MIGRATE_FROM_ACCESS_COLUMNS))();
}

/**
 * Ranks and grant tokens follow the configured levels and missing-metadata mode: when either (or the token format)
 * changed since the last open, every document's are recomputed and the index rebuilt.
 */
function syncAccess(db: SqliteDb, rule: AccessRuleConfig): void {
  const settings = JSON.stringify({ tokens: TOKENS_VERSION, levels: rule.levels, missing: rule.missingMetadata });
  const stored = asRow(db.prepare("SELECT value FROM document_store_meta WHERE key = 'access'").get());
  if (stored?.['value'] === settings) return;
  db.transaction(() => {
    const update = db.prepare('UPDATE documents SET rank = ?, access = ? WHERE id = ?');
    for (const raw of db.prepare('SELECT id, tenant, doc_id, title, source, classification, acl, text FROM documents').all()) {
      const d = toDocument(raw);
      update.run(d.classification === undefined ? null : levelRank(rule, d.classification), documentTokens(d, rule), num(asRow(raw) ?? {}, 'id'));
    }
    db.exec("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')");
    db.prepare("INSERT OR REPLACE INTO document_store_meta (key, value) VALUES ('access', ?)").run(settings);
  })();
}

/** Opens `<dataDir>/documents.db` (or a given file, `:memory:` in tests) as the embedded document store. */
export function openSqliteDocumentStore(where: { dataDir: string } | { db: SqliteDb }, rule: AccessRuleConfig): SqliteDocumentStore {
  const db = 'db' in where ? where.db : openDatabase(where.dataDir, DOCUMENTS_DB_FILE);
  migrate(db);
  db.exec(DOCUMENT_SCHEMA);
  syncAccess(db, rule);
  const stats = termStats(db);
  const remove = db.prepare('DELETE FROM documents WHERE tenant = ? AND doc_id = ?');
  const insert = db.prepare(
    `INSERT INTO documents (tenant, doc_id, title, source, classification, rank, unlabelled, acl, text, access, created_at)
     VALUES (@tenant, @id, @title, @source, @classification, @rank, @unlabelled, @acl, @text, @access, @createdAt)`,
  );
  const insertAcl = db.prepare('INSERT OR IGNORE INTO document_acl (doc, principal) VALUES (?, ?)');
  const floor = db.prepare(WINDOW_FLOOR).pluck();
  const filtered = { ranked: db.prepare(RANKED_SEARCH), fill: db.prepare(FILL_SEARCH) };
  const unfiltered = { ranked: db.prepare(RANKED_UNFILTERED), fill: db.prepare(FILL_UNFILTERED) };
  const page = db.prepare('SELECT id, tenant, doc_id, title, source, classification, acl, text FROM documents WHERE id > ? ORDER BY id LIMIT ?');
  const pageTenant = db.prepare('SELECT id, tenant, doc_id, title, source, classification, acl, text FROM documents WHERE id > ? AND tenant = ? ORDER BY id LIMIT ?');
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
      const unlabelled = principals.length === 0 ? 1 : 0;
      const { lastInsertRowid } = insert.run({ ...row, rank, unlabelled, acl, text: d.text, access: documentTokens(d, rule), createdAt });
      for (const p of principals) insertAcl.run(lastInsertRowid, p);
    }
  };
  const putMany = db.transaction(store);
  const optimize = db.prepare("INSERT INTO documents_fts (documents_fts) VALUES ('optimize')");

  /** The ranked words (within the window), then the common words up to k; `access` is the caller's grant filter. */
  const run = (q: DocumentQuery, access: string | undefined, stmts: typeof filtered, recheck: Record<string, unknown>): DocumentHit[] => {
    const terms = queryTerms(q.text);
    if (terms.length === 0) return [];
    const k = topK(q);
    const { ranked, common, postings } = stats.plan(terms);
    const scoped = (words: readonly string[]) => (access === undefined ? wordsMatch(words) : `${access} AND ${wordsMatch(words)}`);
    const hits: DocumentHit[] = [];
    if (ranked.length > 0) {
      const match = scoped(ranked);
      const low: unknown = postings <= SEARCH_WINDOW ? undefined : floor.get({ match, offset: SEARCH_WINDOW - 1 });
      hits.push(...stmts.ranked.all({ ...recheck, match, floor: typeof low === 'number' ? low : 0, limit: k }).map(toHit));
    }
    if (hits.length < k && common.length > 0) {
      // The fill may return ranked hits again (a document can hold both kinds of word): fetch enough to skip them.
      const seen = new Set(hits.map((h) => `${h.document.tenant}\u0000${h.document.id}`));
      const more = stmts.fill.all({ ...recheck, match: scoped(common), limit: k + hits.length }).map(toHit);
      for (const h of more) if (hits.length < k && !seen.has(`${h.document.tenant}\u0000${h.document.id}`)) hits.push(h);
    }
    return hits;
  };
  const searchSync = (subject: RetrievalSubject, q: DocumentQuery): DocumentHit[] => {
    const lenient = rule.missingMetadata === 'tenant';
    return run(q, subjectFilter('access', subject, rule), filtered, {
      tenant: subject.tenant,
      clearance: clearanceRank(rule, subject),
      missingRank: lenient ? 0 : UNKNOWN_RANK + 1,
      lenient: lenient ? 1 : 0,
      principals: JSON.stringify(subjectPrincipals(subject)),
    });
  };
  async function* list(options: { tenant?: string } = {}): AsyncGenerator<RetrievalDocument> {
    let after = 0;
    for (;;) {
      const rows = options.tenant === undefined ? page.all(after, LIST_PAGE) : pageTenant.all(after, options.tenant, LIST_PAGE);
      for (const r of rows) yield toDocument(r);
      if (rows.length < LIST_PAGE) return;
      after = num(asRow(rows.at(-1)) ?? {}, 'id');
    }
  }
  return {
    searchMode: 'sqlite-fts5',
    async put(docs, options) {
      const admitted = admitDocuments(docs, rule, options);
      putMany(admitted);
      stats.invalidate();
      // A bulk load leaves many index segments; merging them keeps per-query cost flat (FTS5 automerge is gradual).
      if (admitted.length >= BULK_BATCH) optimize.run();
      return admitted.length;
    },
    async search(subject, q) {
      return searchSync(subject, q);
    },
    searchSync,
    searchUnfiltered(q) {
      return run(q, undefined, unfiltered, {});
    },
    list,
    async delete(tenant, id) {
      const gone = remove.run(tenant, id).changes > 0;
      stats.invalidate();
      return gone;
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
