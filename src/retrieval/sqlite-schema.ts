/**
 * Tables of the embedded document store (`<data_dir>/documents.db`): documents with their access columns, one row
 * per ACL entry (`g:<group>`, `r:<role>`, `u:<user>`) and an external-content FTS5 index kept in step by triggers.
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
  title, text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS documents_ai AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_ad AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.id, coalesce(old.title, ''), old.text);
  DELETE FROM document_acl WHERE doc = old.id;
END;
`;

const COLUMNS = 'd.tenant, d.doc_id, d.title, d.source, d.classification, d.acl, d.text, -bm25(documents_fts) AS score';
const MATCH = 'FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid WHERE documents_fts MATCH @match';

/**
 * The permission filter is part of the query, before ORDER BY and LIMIT: top-k is the best k the caller may read,
 * never k results of which some are then dropped. `@missingRank` is the rank of a document without classification
 * (0 when missing metadata is tenant-wide, above any clearance when it is denied); `@lenient` opens unlabelled ones.
 */
export const FILTERED_SEARCH = `SELECT ${COLUMNS} ${MATCH}
  AND d.tenant = @tenant
  AND coalesce(d.rank, @missingRank) <= @clearance
  AND (EXISTS (SELECT 1 FROM document_acl a WHERE a.doc = d.id AND a.principal IN (SELECT value FROM json_each(@principals)))
       OR (d.unlabelled = 1 AND @lenient = 1))
  ORDER BY bm25(documents_fts) LIMIT @limit`;

/** The same search without the permission filter: the benchmark's baseline, never a request path. */
export const UNFILTERED_SEARCH = `SELECT ${COLUMNS} ${MATCH} ORDER BY bm25(documents_fts) LIMIT @limit`;
