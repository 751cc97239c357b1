/**
 * Tables of the embedded document store (`<data_dir>/documents.db`): documents with their access columns, one row
 * per ACL entry (`g:<group>`, `r:<role>`, `u:<user>`) and an external-content FTS5 index kept in step by triggers.
 * The index also holds each document's read grants as opaque tokens (`access-tokens.ts`: tenant, principal and
 * clearance in one token), so FTS5 intersects the posting lists of the query's words with the caller's few grant
 * lists: ranking only ever sees documents the caller may read.
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
  access TEXT NOT NULL,
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
  title, text, access,
  content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS documents_vocab USING fts5vocab(documents_fts, 'row');
CREATE TRIGGER IF NOT EXISTS documents_ai AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, title, text, access) VALUES (new.id, coalesce(new.title, ''), new.text, new.access);
END;
CREATE TRIGGER IF NOT EXISTS documents_ad AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, text, access) VALUES ('delete', old.id, coalesce(old.title, ''), old.text, old.access);
  DELETE FROM document_acl WHERE doc = old.id;
END;
`;

/**
 * Before the grant tokens, the index had one column per kind of access token. Such a file loses that index and
 * those columns; the store then recomputes every document's grants and rebuilds the index (sqlite-store.ts).
 */
export const MIGRATE_FROM_ACCESS_COLUMNS = `
DROP TRIGGER IF EXISTS documents_ai;
DROP TRIGGER IF EXISTS documents_ad;
DROP TABLE IF EXISTS documents_fts;
ALTER TABLE documents DROP COLUMN access_tenant;
ALTER TABLE documents DROP COLUMN access_acl;
ALTER TABLE documents DROP COLUMN access_level;
ALTER TABLE documents ADD COLUMN access TEXT NOT NULL DEFAULT '';
DELETE FROM document_store_meta;
`;

/** Title counts double; the access column (weight 0) filters but never ranks. */
const BM25 = 'bm25(documents_fts, 2.0, 1.0, 0.0)';
const COLUMNS = 'd.tenant, d.doc_id, d.title, d.source, d.classification, d.acl, d.text';

/**
 * The access columns checked again on the rows the index returned: the grant tokens in `@match` already are the
 * access rule, so this only ever drops a row on an 80-bit token collision. `@missingRank` is the rank of a document
 * without classification (0 when missing metadata is tenant-wide, above any clearance when it is denied); `@lenient`
 * opens unlabelled ones.
 */
const RECHECK = `d.tenant = @tenant
  AND coalesce(d.rank, @missingRank) <= @clearance
  AND (EXISTS (SELECT 1 FROM document_acl a WHERE a.doc = d.id AND a.principal IN (SELECT value FROM json_each(@principals)))
       OR (d.unlabelled = 1 AND @lenient = 1))`;

/**
 * Top `@limit` by bm25 among the matches with rowid >= `@floor` (the search window, see sqlite-search.ts). Only rowid
 * and score go through the sort; the documents' columns are read for the winners alone (CROSS JOIN keeps SQLite
 * from driving the join from the documents table).
 */
const rankedSql = (where: string) => `SELECT ${COLUMNS}, -m.s AS score FROM (
  SELECT rowid AS id, ${BM25} AS s FROM documents_fts WHERE documents_fts MATCH @match AND rowid >= @floor ORDER BY s LIMIT @limit
) m CROSS JOIN documents d ON d.id = m.id ${where} ORDER BY m.s`;

/** The newest `@limit` matches, unranked (score 0): for words bm25 gives no weight (sqlite-search.ts). */
const fillSql = (where: string) => `SELECT ${COLUMNS}, 0 AS score FROM (
  SELECT rowid AS id FROM documents_fts WHERE documents_fts MATCH @match ORDER BY rowid DESC LIMIT @limit
) m CROSS JOIN documents d ON d.id = m.id ${where} ORDER BY m.id DESC`;

export const RANKED_SEARCH = rankedSql(`WHERE ${RECHECK}`);
export const FILL_SEARCH = fillSql(`WHERE ${RECHECK}`);
/** The same searches without the permission filter: the benchmark's baseline, never a request path. */
export const RANKED_UNFILTERED = rankedSql('');
export const FILL_UNFILTERED = fillSql('');
/** The rowid of the `@offset`+1-th newest match: the lower end of the search window. */
export const WINDOW_FLOOR = 'SELECT rowid FROM documents_fts WHERE documents_fts MATCH @match ORDER BY rowid DESC LIMIT 1 OFFSET @offset';
