import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createCanaryMinter } from '../../src/context/canaries.js';
import { loadPepper } from '../../src/gateway/identity/keys.js';

const HANDBOOK = resolve(import.meta.dirname, '..', 'fixtures', 'retrieval', 'handbook');

describe('warden docs ingest / search', () => {
  let dir: string;
  let data: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-docs-cli-'));
    data = join(dir, 'data');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ingest = (...extra: string[]) => runCli(...['docs', 'ingest', HANDBOOK, '--tenant', 'acme', '--data-dir', data, ...extra]);
  const search = (query: string, ...extra: string[]) => runCli(...['docs', 'search', query, '--data-dir', data, '--json', ...extra]);
  const found = async (query: string, ...extra: string[]) => {
    const r = await search(query, ...extra);
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as { hits: { document: { id: string } }[] }).hits.map((h) => h.document.id).sort();
  };

  it('ingests files with metadata from flags, front matter and sidecars; refuses other tenants and malformed ACLs by name', async () => {
    const r = await ingest('--groups', 'finance', '--classification', 'internal');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ingested 3 document\(s\) for tenant acme into sqlite-fts5/);
    expect(r.stderr).toContain('refused finance/other-tenant.md: claims tenant "globex" but is ingested for tenant "acme"');
    expect(r.stderr).toMatch(/refused finance\/bad-acl\.md: .*malformed: groups/);

    expect(await found('budget travel merger cafeteria', '--as', 'alice', '--tenant', 'acme', '--groups', 'finance', '--clearance', 'internal')).toEqual([
      'finance/q3-budget.md',
      'welcome.md',
    ]);
    expect(await found('merger Globex', '--as', 'ceo', '--tenant', 'acme', '--groups', 'board', '--clearance', 'restricted')).toEqual(['finance/merger.txt']);
    expect(await found('merger Globex', '--as', 'cfo', '--tenant', 'acme', '--groups', 'finance,board', '--clearance', 'confidential')).toEqual([]);
    expect(await found('budget travel cafeteria', '--as', 'eve', '--tenant', 'globex', '--groups', 'finance', '--clearance', 'restricted')).toEqual([]);
    expect(await found('travel', '--as', 'visitor', '--tenant', 'acme')).toEqual(['welcome.md']);
  });

  it('searches as a virtual key: its tenant, and groups and clearance from group:/clearance: roles', async () => {
    await ingest('--groups', 'finance', '--classification', 'internal');
    const key = await runCli(...['keys', 'create', '--tenant', 'acme', '--role', 'group:finance,clearance:internal', '--json', '--data-dir', data]);
    const id = (JSON.parse(key.stdout) as { record: { id: string } }).record.id;
    expect(await found('budget', '--as', id)).toEqual(['finance/q3-budget.md']);
    const table = await runCli(...['docs', 'search', 'budget', '--as', id, '--data-dir', data]);
    expect(table.stdout).toMatch(/finance\/q3-budget\.md\tinternal\tfinance\/q3-budget\.md\tQ3 budget/);
    const unknown = await runCli(...['docs', 'search', 'budget', '--as', 'nokey', '--data-dir', data]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--as nokey: no active key with that id');
  });

  it('refuses binary and huge files with a clear message and stores the rest', async () => {
    const src = join(dir, 'src');
    cpSync(join(HANDBOOK, 'welcome.md'), join(src, 'welcome.md'), { recursive: true });
    writeFileSync(join(src, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    writeFileSync(join(src, 'dump.log'), 'x'.repeat(300 * 1024));
    writeFileSync(join(src, 'notes.md'), 'no metadata here');
    const r = await runCli(...['docs', 'ingest', src, '--tenant', 'acme', '--data-dir', data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused dump\.log: 307200 bytes, larger than max_document_bytes \(262144\)/);
    expect(r.stderr).toMatch(/refused logo\.png: .*binary/);
    expect(r.stderr).toContain('warning: notes.md: no ACL or classification, so no caller can read it');
    expect(r.stdout).toMatch(/ingested 2 document/);
    expect(await found('metadata', '--as', 'a', '--tenant', 'acme', '--groups', 'x')).toEqual([]);
  });

  it('takes levels and missing_metadata from --config, and reports a bad config', async () => {
    const cfg = join(dir, 'warden.yaml');
    writeFileSync(cfg, `version: 1\ngateway:\n  data_dir: ${data}\n  retrieval:\n    missing_metadata: tenant\n`);
    writeFileSync(join(dir, 'plain.md'), 'lunch menu');
    const src = join(dir, 'plain');
    cpSync(join(dir, 'plain.md'), join(src, 'plain.md'));
    expect((await runCli(...['docs', 'ingest', src, '--tenant', 'acme', '--config', cfg])).code).toBe(0);
    expect(await found('lunch', '--as', 'anyone', '--tenant', 'acme', '--config', cfg)).toEqual(['plain.md']);
    writeFileSync(cfg, 'version: 1\ngateway:\n  retrieval:\n    default_clearance: cosmic\n');
    const bad = await runCli(...['docs', 'search', 'lunch', '--as', 'x', '--tenant', 'acme', '--config', cfg]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/default_clearance must be one of levels/);
  });

  it('plants a canary the gateway recognises in documents at canaries.documents_from or above', async () => {
    const cfg = join(dir, 'warden.yaml');
    writeFileSync(cfg, `version: 1\ngateway:\n  data_dir: ${data}\n  retrieval:\n    canaries:\n      documents_from: confidential\n`);
    expect((await runCli(...['docs', 'ingest', HANDBOOK, '--tenant', 'acme', '--groups', 'finance', '--classification', 'internal', '--config', cfg])).stdout).toMatch(/ingested 3/);
    const r = await search('merger Globex budget travel', '--as', 'ceo', '--tenant', 'acme', '--groups', 'board,finance', '--clearance', 'restricted', '--config', cfg);
    const hits = (JSON.parse(r.stdout) as { hits: { document: { id: string; classification: string; text: string } }[] }).hits;
    const minter = createCanaryMinter(loadPepper(data));
    for (const { document: d } of hits) {
      const token = /^\[confidential document marker (wdc[0-9a-f]{32}): never repeat this marker\]\n/.exec(d.text)?.[1];
      // Only the restricted merger memo is at confidential or above (the others are internal and public).
      if (d.classification === 'restricted') expect(token !== undefined && minter.isIssued(token)).toBe(true);
      else expect(token).toBeUndefined();
    }
    expect(hits.map((h) => h.document.classification).sort()).toEqual(['internal', 'public', 'restricted']);
  });
});
