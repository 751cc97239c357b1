/** Opens the document store `gateway.retrieval` configures, for the gateway and the `warden docs` commands. */
import { resolve } from 'node:path';
import { accessRuleConfig } from '../retrieval/config.js';
import { openPostgresDocumentStore } from '../retrieval/postgres-store.js';
import { openSqliteDocumentStore } from '../retrieval/sqlite-store.js';
import type { AccessRuleConfig, DocumentStore } from '../spec/retrieval.js';
import type { RetrievalConfig } from './config-retrieval.js';

export interface ConfiguredDocuments {
  store: DocumentStore;
  rule: AccessRuleConfig;
  /** For PostgreSQL: whether pgvector ranks or full-text does, in words (logged by the gateway, printed by the CLI). */
  notice?: string;
}

export async function openConfiguredDocumentStore(cfg: RetrievalConfig, dataDir: string): Promise<ConfiguredDocuments> {
  const rule = accessRuleConfig(cfg);
  if (cfg.store === 'postgres' && cfg.postgres !== undefined) {
    const url = cfg.postgres.url ?? process.env[cfg.postgres.url_env ?? ''];
    if (url === undefined || url === '') throw new Error(`gateway.retrieval.postgres.url_env: environment variable ${cfg.postgres.url_env} is not set`);
    const store = await openPostgresDocumentStore({ url, schema: cfg.postgres.schema, vector: cfg.postgres.vector }, rule);
    return { rule, store, notice: `document store: PostgreSQL, ${store.vectorStatus}` };
  }
  return { rule, store: openSqliteDocumentStore({ dataDir: resolve(dataDir) }, rule) };
}
