import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessRuleConfig } from '../../src/retrieval/config.js';
import { DOCUMENTS_DB_FILE, openSqliteDocumentStore } from '../../src/retrieval/sqlite-store.js';
import { openFile } from '../../src/store/sqlite.js';
import { documentStoreContract } from './document-store-contract.js';

documentStoreContract('sqlite', async (rule) => openSqliteDocumentStore({ db: openFile(':memory:') }, rule));

describe('sqlite document store', () => {
  it('lives in <data_dir>/documents.db (0600) and keeps documents across reopen', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'warden-docs-'));
    const rule = accessRuleConfig();
    const first = openSqliteDocumentStore({ dataDir }, rule);
    await first.put([{ id: 'd', text: 'hello world', tenant: 'acme', groups: ['*'], classification: 'public' }]);
    await first.close();
    expect(statSync(join(dataDir, DOCUMENTS_DB_FILE)).mode & 0o777).toBe(0o600);
    const again = openSqliteDocumentStore({ dataDir }, rule);
    expect(await again.search({ tenant: 'acme', roles: [], groups: [] }, { text: 'hello' })).toHaveLength(1);
    await again.close();
  });

  it('re-ranks stored classifications when the configured levels change', async () => {
    const db = openFile(':memory:');
    const before = openSqliteDocumentStore({ db }, accessRuleConfig({ levels: ['low', 'high'] }));
    await before.put([{ id: 'd', text: 'plan', tenant: 'acme', groups: ['*'], classification: 'high' }]);
    const caller = { tenant: 'acme', roles: [], groups: [], clearance: 'high' };
    expect(await before.search(caller, { text: 'plan' })).toHaveLength(1);
    const after = openSqliteDocumentStore({ db }, accessRuleConfig({ levels: ['high', 'low'], default_clearance: 'high' }));
    expect(await after.search(caller, { text: 'plan' })).toHaveLength(1);
    expect(await after.search({ ...caller, clearance: 'nonsense' }, { text: 'plan' })).toHaveLength(1);
    const renamed = openSqliteDocumentStore({ db }, accessRuleConfig({ levels: ['a', 'b'] }));
    expect(await renamed.search({ ...caller, clearance: 'b' }, { text: 'plan' })).toEqual([]);
    db.close();
  });

  it('measures the unfiltered baseline on the same index', async () => {
    const store = openSqliteDocumentStore({ db: openFile(':memory:') }, accessRuleConfig());
    await store.put([{ id: 'x', text: 'alpha', tenant: 'a', groups: ['g'], classification: 'restricted' }]);
    expect(store.searchUnfiltered({ text: 'alpha' })).toHaveLength(1);
    expect(store.searchSync({ tenant: 'a', roles: [], groups: [] }, { text: 'alpha' })).toEqual([]);
    await store.close();
  });
});
