/**
 * The PostgreSQL document store: full-text search on a stored tsvector (GIN index) with the same permission filter
 * as SQLite inside the query (tenant, level rank within clearance, ACL entries as a text[] with a GIN index and `&&`),
 * before ORDER BY and LIMIT. pgvector is detected: without it the store says so (`vectorStatus`) and uses full-text.
 */
import pg from 'pg';
import type { AccessRuleConfig, DocumentHit, DocumentStore, RetrievalDocument } from '../spec/retrieval.js';
import { clearanceRank, documentPrincipals, subjectPrincipals } from './access-rule.js';
import { admitDocuments } from './admit.js';
import { queryTerms } from './query-terms.js';
import { DEFAULT_TOP_K, MAX_TOP_K } from './sqlite-store.js';

export interface PostgresDocumentStore extends DocumentStore {
  /** Why ranking is full-text: pgvector missing, or installed (vector ranking needs embeddings, not configured). */
  readonly vectorStatus: string;
}

/** Documents read per page when listing. */
const LIST_PAGE = 500;

const schemaSql = (s: string) => `
CREATE SCHEMA IF NOT EXISTS "${s}";
CREATE TABLE IF NOT EXISTS "${s}".warden_documents (
  tenant TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  title TEXT,
  source TEXT,
  classification TEXT,
  acl JSONB NOT NULL,
  principals TEXT[] NOT NULL,
  text TEXT NOT NULL,
  tsv TSVECTOR GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce(title, '')), 'A') || to_tsvector('simple', text)) STORED,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, doc_id)
);
CREATE INDEX IF NOT EXISTS warden_documents_tsv ON "${s}".warden_documents USING GIN (tsv);
CREATE INDEX IF NOT EXISTS warden_documents_principals ON "${s}".warden_documents USING GIN (principals);`;

/**
 * `$2` tenant, `$3` levels, `$4` clearance rank, `$5` principals, `$6` lenient (missing metadata tenant-wide).
 * array_position is 1-based and NULL for an unknown level, which no clearance reaches.
 */
const searchSql = (s: string, filtered: boolean) => `
SELECT tenant, doc_id, title, source, classification, acl, text, ts_rank_cd(tsv, q) AS score
FROM "${s}".warden_documents, to_tsquery('simple', $1) q
WHERE tsv @@ q${
  filtered
    ? `
  AND tenant = $2
  AND ((classification IS NULL AND $6) OR array_position($3::text[], classification) - 1 <= $4)
  AND (principals && $5::text[] OR (cardinality(principals) = 0 AND $6))`
    : ''
}
ORDER BY score DESC, doc_id LIMIT ${filtered ? '$7' : '$2'}`;

function toHit(row: Record<string, unknown>): DocumentHit {
  const document: RetrievalDocument = { id: String(row['doc_id']), tenant: String(row['tenant']), text: String(row['text']), ...(row['acl'] as object) };
  for (const k of ['title', 'source', 'classification'] as const) if (typeof row[k] === 'string') document[k] = row[k];
  return { document, score: Number(row['score']) };
}

const tsquery = (text: string) => {
  const terms = queryTerms(text);
  return terms.length === 0 ? undefined : terms.map((t) => `'${t}'`).join(' | ');
};

/** Opens (creating the schema and table if needed) the store on a connection string; `schema` keeps tenants of tests apart. */
export async function openPostgresDocumentStore(opts: { url: string; schema: string; vector: 'auto' | 'fts' }, rule: AccessRuleConfig): Promise<PostgresDocumentStore> {
  const pool = new pg.Pool({ connectionString: opts.url, max: 4 });
  try {
    await pool.query(schemaSql(opts.schema));
  } catch (err) {
    await pool.end();
    throw new Error(`document store: cannot prepare schema "${opts.schema}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const ext = await pool.query("SELECT extname FROM pg_extension WHERE extname = 'vector'");
  const vectorStatus =
    opts.vector === 'fts'
      ? 'full-text only (gateway.retrieval.postgres.vector: fts)'
      : ext.rowCount === 0
        ? 'pgvector is not installed in this database: full-text search (tsvector) is used'
        : 'pgvector is installed, but no embedding model is configured: full-text search (tsvector) is used';
  const lenient = rule.missingMetadata === 'tenant';
  const table = `"${opts.schema}".warden_documents`;
  return {
    searchMode: 'postgres-fts',
    vectorStatus,
    async put(docs, options) {
      const admitted = admitDocuments(docs, rule, options);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const d of admitted) {
          await client.query(
            `INSERT INTO ${table} (tenant, doc_id, title, source, classification, acl, principals, text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (tenant, doc_id) DO UPDATE SET title = $3, source = $4, classification = $5, acl = $6, principals = $7, text = $8, created_at = now()`,
            [d.tenant, d.id, d.title ?? null, d.source ?? null, d.classification ?? null, JSON.stringify({ groups: d.groups, roles: d.roles, users: d.users }), documentPrincipals(d), d.text],
          );
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
      return admitted.length;
    },
    async search(subject, q) {
      const query = tsquery(q.text);
      if (query === undefined) return [];
      const limit = Math.min(Math.max(Math.trunc(q.limit ?? DEFAULT_TOP_K), 1), MAX_TOP_K);
      const r = await pool.query(searchSql(opts.schema, true), [query, subject.tenant, rule.levels, clearanceRank(rule, subject), subjectPrincipals(subject), lenient, limit]);
      return r.rows.map(toHit);
    },
    async *list(options = {}) {
      let after: [string, string] = ['', ''];
      for (;;) {
        const where = options.tenant === undefined ? '(tenant, doc_id) > ($1, $2)' : '(tenant, doc_id) > ($1, $2) AND tenant = $4';
        const args = options.tenant === undefined ? [...after, LIST_PAGE] : [...after, LIST_PAGE, options.tenant];
        const r = await pool.query(`SELECT tenant, doc_id, title, source, classification, acl, text, 0 AS score FROM ${table} WHERE ${where} ORDER BY tenant, doc_id LIMIT $3`, args);
        for (const row of r.rows) yield toHit(row).document;
        const last = r.rows.at(-1);
        if (r.rows.length < LIST_PAGE || last === undefined) return;
        after = [String(last.tenant), String(last.doc_id)];
      }
    },
    async delete(tenant, id) {
      return ((await pool.query(`DELETE FROM ${table} WHERE tenant = $1 AND doc_id = $2`, [tenant, id])).rowCount ?? 0) > 0;
    },
    async count(tenant) {
      const r = tenant === undefined ? await pool.query(`SELECT count(*) AS n FROM ${table}`) : await pool.query(`SELECT count(*) AS n FROM ${table} WHERE tenant = $1`, [tenant]);
      return Number(r.rows[0]?.n ?? 0);
    },
    async close() {
      await pool.end();
    },
  };
}
