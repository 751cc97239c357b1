/**
 * Tables of the embedded document store (`<data_dir>/documents.db`): documents with their access columns, one row
 * per ACL entry (`g:<group>`, `r:<role>`, `u:<user>`) and an external-content FTS5 index kept in step by triggers.
 * The index also holds the access metadata as opaque tokens (`access-tokens.ts`), so FTS5 intersects the posting
 * lists of the query's words with those of the caller's principals, tenant and readable levels: ranking only ever
 * sees documents the caller may read, and its cost follows what the caller can read, not the corpus size.
 */
export const DOCUMENT_SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  id INTEGER PRIMARY KEY,
  tenant TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  title TEXT,
  source TEXT,
  classification TEXT,
  rank INTEGER,
  unlabelled INTEGER NOT NULL,
  acl TEXT NOT NULL,
  text TEXT NOT NULL,
  access_tenant TEXT NOT NULL,
  access_acl TEXT NOT NULL,
  access_level TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (tenant, doc_id)
);
CREATE TABLE IF NOT EXISTS document_acl (
  doc INTEGER NOT NULL,
  principal TEXT NOT NULL,
  PRIMARY KEY (doc, principal)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS document_store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
  title, text, access_tenant, access_acl, access_level,
  content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS documents_ai AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, title, text, access_tenant, access_acl, access_level)
  VALUES (new.id, coalesce(new.title, ''), new.text, new.access_tenant, new.access_acl, new.access_level);
END;
CREATE TRIGGER IF NOT EXISTS documents_ad AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text, access_tenant, access_acl, access_level)
  VALUES ('delete', old.id, coalesce(old.title, ''), old.text, old.access_tenant, old.access_acl, old.access_level);
  DELETE FROM document_acl WHERE doc = old.id;
END;
`;

/** Title counts double; the access columns (weight 0) filter but never rank. */
const BM25 = 'bm25(documents_fts, 2.0, 1.0, 0.0, 0.0, 0.0)';
const COLUMNS = `d.tenant, d.doc_id, d.title, d.source, d.classification, d.acl, d.text, -${BM25} AS score`;
const MATCH = 'FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid WHERE documents_fts MATCH @match';

/**
 * The permission filter is part of the query, before ORDER BY and LIMIT: top-k is the best k the caller may read,
 * never k results of which some are then dropped. `@match` already restricts to the caller's access tokens; the
 * columns are checked again here, so a token collision could never open a document. `@missingRank` is the rank of
 * a document without classification (0 when missing metadata is tenant-wide, above any clearance when it is
 * denied); `@lenient` opens unlabelled ones.
 */
export const FILTERED_SEARCH = `SELECT ${COLUMNS} ${MATCH}
  AND d.tenant = @tenant
  AND coalesce(d.rank, @missingRank) <= @clearance
  AND (EXISTS (SELECT 1 FROM document_acl a WHERE a.doc = d.id AND a.principal IN (SELECT value FROM json_each(@principals)))
       OR (d.unlabelled = 1 AND @lenient = 1))
  ORDER BY ${BM25} LIMIT @limit`;

/** The same search without the permission filter: the benchmark's baseline, never a request path. */
export const UNFILTERED_SEARCH = `SELECT ${COLUMNS} ${MATCH} ORDER BY ${BM25} LIMIT @limit`;
