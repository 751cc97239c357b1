/** Opens the document store `gateway.retrieval` configures, for the gateway and the `warden docs` commands. */
import { resolve } from 'node:path';
import { accessRuleConfig } from '../retrieval/config.js';
import { openSqliteDocumentStore } from '../retrieval/sqlite-store.js';
import type { AccessRuleConfig, DocumentStore } from '../spec/retrieval.js';
import type { RetrievalConfig } from './config-retrieval.js';

export interface ConfiguredDocuments {
  store: DocumentStore;
  rule: AccessRuleConfig;
}

export async function openConfiguredDocumentStore(cfg: RetrievalConfig, dataDir: string): Promise<ConfiguredDocuments> {
  const rule = accessRuleConfig(cfg);
  return { rule, store: openSqliteDocumentStore({ dataDir: resolve(dataDir) }, rule) };
}
