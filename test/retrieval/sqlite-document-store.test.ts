import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessRuleConfig } from '../../src/retrieval/config.js';
import { DOCUMENTS_DB_FILE, openSqliteDocumentStore } from '../../src/retrieval/sqlite-store.js';
import { SEARCH_WINDOW } from '../../src/retrieval/sqlite-search.js';
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

  it('on a store larger than the search window, ranks by the rare words and fills with common ones, within access', async () => {
    const store = openSqliteDocumentStore({ db: openFile(':memory:') }, accessRuleConfig());
    const docs = Array.from({ length: SEARCH_WINDOW + 500 }, (_, i) => ({
      id: `d${i}`,
      text: `weekly report number ${i}${i % 100 === 7 ? ' zebra' : ''}${i % 3 === 0 ? ' river' : ''}`,
      tenant: 'acme',
      groups: [i % 2 === 0 ? 'finance' : 'board'],
      classification: 'internal',
    }));
    await store.put(docs);
    const alice = { tenant: 'acme', roles: [], groups: ['finance'], clearance: 'internal' };
    const readable = new Set(docs.filter((d) => d.groups[0] === 'finance').map((d) => d.id));
    // d7, d107 and d207 hold "zebra" but are the board's: alice gets none of them, and a full top-k of hers.
    const hits = store.searchSync(alice, { text: 'report zebra', limit: 5 });
    expect(hits).toHaveLength(5);
    expect(hits.every((h) => readable.has(h.document.id))).toBe(true);
    // "river" is in more documents than the window holds: the newest matches are ranked, still only alice's.
    const river = store.searchSync(alice, { text: 'river', limit: 5 });
    expect(river).toHaveLength(5);
    expect(river.every((h) => readable.has(h.document.id) && h.document.text.includes('river') && h.score > 0)).toBe(true);
    await store.put([{ id: 'z', text: 'zebra crossing report', tenant: 'acme', groups: ['finance'], classification: 'internal' }]);
    const ranked = store.searchSync(alice, { text: 'report zebra', limit: 5 });
    expect(ranked[0]?.document.id).toBe('z');
    expect(ranked[0]?.score).toBeGreaterThan(0);
    expect(ranked.slice(1).map((h) => h.score)).toEqual([0, 0, 0, 0]);
    expect(store.searchUnfiltered({ text: 'zebra', limit: 10 }).map((h) => h.document.id).sort()).toEqual(['d107', 'd207', 'd307', 'd407', 'd507', 'd607', 'd7', 'z']);
    await store.close();
  });

  it('migrates a documents.db made with one index column per kind of access token', async () => {
    const db = openFile(':memory:');
    db.exec(`CREATE TABLE documents (id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, doc_id TEXT NOT NULL, title TEXT, source TEXT,
      classification TEXT, rank INTEGER, unlabelled INTEGER NOT NULL, acl TEXT NOT NULL, text TEXT NOT NULL, access_tenant TEXT NOT NULL,
      access_acl TEXT NOT NULL, access_level TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (tenant, doc_id));
    CREATE TABLE document_acl (doc INTEGER NOT NULL, principal TEXT NOT NULL, PRIMARY KEY (doc, principal)) WITHOUT ROWID;
    CREATE TABLE document_store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, access_tenant, access_acl, access_level, content='documents', content_rowid='id');
    CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
      INSERT INTO documents_fts (rowid, title, text, access_tenant, access_acl, access_level)
      VALUES (new.id, coalesce(new.title, ''), new.text, new.access_tenant, new.access_acl, new.access_level);
    END;
    INSERT INTO documents VALUES (1, 'acme', 'old', NULL, NULL, 'internal', 1, 0, '{"groups":["finance"]}', 'legacy budget', 'x', 'y', 'z', '2026-01-01');
    INSERT INTO document_acl VALUES (1, 'g:finance');
    INSERT INTO document_store_meta VALUES ('levels', '["public","internal","confidential","restricted"]');`);
    const store = openSqliteDocumentStore({ db }, accessRuleConfig());
    expect(store.searchSync({ tenant: 'acme', roles: [], groups: ['finance'], clearance: 'internal' }, { text: 'budget' }).map((h) => h.document.id)).toEqual(['old']);
    expect(store.searchSync({ tenant: 'acme', roles: [], groups: ['sales'], clearance: 'restricted' }, { text: 'budget' })).toEqual([]);
    expect(store.searchSync({ tenant: 'acme', roles: [], groups: ['finance'], clearance: 'public' }, { text: 'budget' })).toEqual([]);
    await store.close();
  });
});
