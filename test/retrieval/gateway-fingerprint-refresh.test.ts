/**
 * The restricted-content fingerprint index follows documents stored while the gateway runs: stored through
 * POST /admin/documents they block at once (no restart), a replaced document's old fingerprints stop restricting,
 * and writes by another process (`warden docs ingest` on the same store) are picked up by /admin/documents/reindex.
 * The demo model plays the compromised model that repeats whatever it is asked to say.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRuleConfig } from '../../src/retrieval/config.js';
import { openSqliteDocumentStore } from '../../src/retrieval/sqlite-store.js';
import { startTestGateway, TEST_KEY, type TestGateway } from '../gateway/helpers/gateway.js';

const ENV = `WARDEN_TEST_DOCS_ADMIN_${process.pid}`;
const ADMIN = 'docs-admin-token-0123456789';
const MERGER = 'The board approved the Initech merger at forty dollars per share, with closing planned for the second quarter after regulators sign off.';
const LAYOFFS = 'Facilities in Dayton and Tulsa close next spring; two hundred roles move to the Austin office under the Falcon restructuring plan.';

describe('fingerprints of documents stored while the gateway runs', () => {
  let gw: TestGateway;
  let dataDir: string;
  beforeAll(async () => {
    process.env[ENV] = ADMIN;
    dataDir = mkdtempSync(join(tmpdir(), 'warden-gw-fp-'));
    const store = openSqliteDocumentStore({ dataDir }, accessRuleConfig());
    await store.put([{ id: 'handbook', tenant: 'default', text: 'Vacation policy: 25 days of paid vacation per year.', groups: ['*'], classification: 'internal' }]);
    await store.close();
    gw = await startTestGateway({
      gateway: {
        data_dir: dataDir,
        admin: { token_env: ENV },
        retrieval: { default_clearance: 'confidential', canaries: { documents_from: 'confidential' }, fingerprints: { from: 'confidential' } },
      },
    });
  });
  afterAll(async () => {
    await gw.close();
    rmSync(dataDir, { recursive: true, force: true });
    delete process.env[ENV];
  });

  const admin = (url: string, payload: unknown) =>
    fetch(`${gw.url}${url}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  const say = async (text: string) => {
    const r = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: `Say "${text}"` }] }),
    });
    return (await r.json()) as { warden?: { blocked?: boolean; rules?: string[] }; choices?: { message: { content: string } }[] };
  };

  it('blocks an answer reproducing a document stored through the admin API, without a restart', async () => {
    expect((await say(MERGER)).warden?.blocked).not.toBe(true);
    const r = await admin('/admin/documents', { tenant: 'default', documents: [{ id: 'merger', text: MERGER, groups: ['board'], classification: 'restricted', source: 'board/minutes.md' }] });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ stored: 1, fingerprinted: 1 });
    const after = await say(MERGER.replace('forty dollars', '40 dollars'));
    expect(after.warden).toMatchObject({ blocked: true, rules: ['restricted-content/reproduced'] });
  });

  it('retires a replaced document\'s fingerprints: the same answer passes once the document is readable', async () => {
    const r = await admin('/admin/documents', { tenant: 'default', documents: [{ id: 'merger', text: MERGER, groups: ['*'], classification: 'confidential' }] });
    expect(await r.json()).toEqual({ stored: 1, fingerprinted: 1 });
    const answer = await say(MERGER);
    expect(answer.warden?.blocked).not.toBe(true);
    expect(answer.choices?.[0]?.message.content).toContain('Initech merger');
  });

  it('refuses a document claiming another tenant or without text, storing none of the batch', async () => {
    const r = await admin('/admin/documents', {
      tenant: 'default',
      documents: [
        { id: 'ok', text: 'A fine document.', groups: ['*'], classification: 'internal' },
        { id: 'theirs', tenant: 'globex', text: 'Globex payroll.', groups: ['*'], classification: 'restricted' },
      ],
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toContain('theirs');
    const untexted = await admin('/admin/documents', { tenant: 'default', documents: [{ id: 'empty', groups: ['*'], classification: 'restricted' }] });
    expect(untexted.status).toBe(400);
    expect(((await untexted.json()) as { error: { message: string } }).error.message).toContain('empty');
  });

  it('picks up documents another process stored once /admin/documents/reindex reads the store again', async () => {
    const other = openSqliteDocumentStore({ dataDir }, accessRuleConfig());
    await other.put([{ id: 'layoffs', tenant: 'default', text: LAYOFFS, groups: ['exec'], classification: 'restricted' }]);
    await other.close();
    const r = await admin('/admin/documents/reindex', {});
    expect(await r.json()).toEqual({ fingerprinted: 2 });
    expect((await say(LAYOFFS)).warden).toMatchObject({ blocked: true, rules: ['restricted-content/reproduced'] });
  });
});
