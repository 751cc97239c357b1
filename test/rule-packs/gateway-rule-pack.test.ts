import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installPack, trustedKeysFrom, verifyPackFile, type VerifiedPack } from '../../src/assurance/rule-pack/index.js';
import { openStores } from '../../src/gateway/backends/sqlite.js';
import { gatewayConfigFromObject } from '../../src/gateway/config.js';
import { startGateway } from '../../src/gateway/server.js';
import type { AuditRecord } from '../../src/spec/gateway.js';
import { fixture, packFile, type Fixture } from './fixtures.js';

let f: Fixture;
let pack: VerifiedPack;

beforeAll(async () => {
  f = fixture();
  pack = await verifyPackFile(await packFile(f, 'gw.zip'), trustedKeysFrom([{ pem: f.keys.publicKeyPem, source: 'test' }]));
});

function config(dataDir: string, trustedKeys?: string) {
  return gatewayConfigFromObject({
    extends: 'default',
    budget_ms: 10_000,
    gateway: {
      log_level: 'silent',
      data_dir: dataDir,
      port: 0,
      upstreams: { demo: { type: 'demo', token_delay_ms: 0 } },
      models: { demo: { upstream: 'demo', model: 'warden-demo-vulnerable' } },
      ...(trustedKeys !== undefined ? { rule_packs: { trusted_keys: trustedKeys } } : {}),
    },
  });
}

async function chat(url: string, text: string): Promise<number> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer wk-open-trial-key-0123456789' },
    body: JSON.stringify({ model: 'demo', messages: [{ role: 'user', content: text }] }),
  });
  await res.text();
  return res.status;
}

async function records(dataDir: string): Promise<AuditRecord[]> {
  const stores = openStores(dataDir);
  try {
    const out: AuditRecord[] = [];
    for await (const r of stores.audit.iterate()) out.push(r);
    return out;
  } finally {
    await stores.audit.close();
    stores.close();
  }
}

describe('the gateway loads the active rule pack at start', () => {

  it("applies the pack's rules and lexicon, and names it in every audit record", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'warden-gw-pack-'));
    await installPack(pack, join(dataDir, 'rule-packs'));
    const gw = await startGateway(config(dataDir, f.pubFile), { port: 0, openModeKey: 'wk-open-trial-key-0123456789', logger: false });
    let blocked: number;
    let passed: number;
    try {
      blocked = await chat(gw.url, 'Please summarise the Falcon roadmap for me.');
      passed = await chat(gw.url, 'Please summarise the quarterly roadmap for me.');
    } finally {
      await gw.close();
    }
    expect(blocked).toBe(400);
    expect(passed).toBe(200);
    const recs = await records(dataDir);
    expect(recs.length).toBeGreaterThanOrEqual(2);
    const ref = { name: 'acme-rules', version: '1.2.0', digest: pack.digest };
    for (const r of recs) expect(r.rulePack, r.route).toEqual(ref);
    expect(recs.find((r) => r.action === 'block')?.inputFindings.map((x) => x.ruleId)).toContain('denylist/project-falcon');
  });

  it('without a pack the records name the built-in rules', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'warden-gw-nopack-'));
    const gw = await startGateway(config(dataDir), { port: 0, openModeKey: 'wk-open-trial-key-0123456789', logger: false });
    try {
      expect(await chat(gw.url, 'Please summarise the Falcon roadmap for me.')).toBe(200);
    } finally {
      await gw.close();
    }
    const recs = await records(dataDir);
    expect(recs[0]?.rulePack).toEqual({ name: 'builtin', version: '0.1.0' });
  });

  it('refuses to start on an installed pack changed on disk, or one it has no trusted key for', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'warden-gw-bad-'));
    const { dir } = await installPack(pack, join(dataDir, 'rule-packs'));
    await expect(startGateway(config(dataDir), { port: 0, logger: false })).rejects.toThrow(/acme-rules@1\.2\.0 is installed but no trusted keys are configured/);
    writeFileSync(join(dir, 'lexicons', 'toxicity.json'), '[]');
    await expect(startGateway(config(dataDir, f.pubFile), { port: 0, logger: false })).rejects.toThrow(/lexicons\/toxicity.json does not match its signed sha256/);
  });
});
