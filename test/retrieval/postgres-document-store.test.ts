import { afterAll, describe, expect, it } from 'vitest';
import { accessRuleConfig } from '../../src/retrieval/config.js';
import { openPostgresDocumentStore } from '../../src/retrieval/postgres-store.js';
import { dropSchema, noPostgres, PG_URL, schemaName } from '../helpers/postgres.js';
import { documentStoreContract } from './document-store-contract.js';

const schemas: string[] = [];
const open = async (rule = accessRuleConfig()) => {
  const schema = schemaName('docs');
  schemas.push(schema);
  return openPostgresDocumentStore({ url: PG_URL, schema, vector: 'auto' }, rule);
};

describe.skipIf(noPostgres)('postgres document store', () => {
  afterAll(async () => {
    for (const s of schemas) await dropSchema(s);
  });
  documentStoreContract('postgres', open);

  it('says whether pgvector is there, and ranks by full text when it is not', async () => {
    const store = await open();
    expect(store.searchMode).toBe('postgres-fts');
    expect(store.vectorStatus).toMatch(/pgvector is (not installed|installed, but no embedding model)/);
    await store.close();
  });
});
