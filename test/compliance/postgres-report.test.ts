/**
 * `warden report` against the PostgreSQL store a gateway shares (gateway.store): the seeded log plus a key rotation
 * and a kill switch made with the real CLI, then a tampered row reported as a failed verification.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGatewayServices } from '../../src/gateway/backends/index.js';
import { gatewaySectionSchema } from '../../src/gateway/config.js';
import type { ComplianceReport } from '../../src/compliance/index.js';
import { runCli } from '../gateway/audit/run-cli.js';
import { tempDir } from '../gateway/identity/helpers.js';
import { dropSchema, noPostgres, PG_URL, schemaName } from '../helpers/postgres.js';
import { seedEntries } from './seed.js';

const PEPPER = 'test-pepper-0123456789abcdef';

describe.skipIf(noPostgres)('warden report on the PostgreSQL store', () => {
  const schema = schemaName('report');
  let tmp: ReturnType<typeof tempDir>;
  let config: string;
  let savedPepper: string | undefined;
  const report = async () => {
    const r = await runCli(['report', '--framework', 'pci-dss', '--policy', 'pci-dss', '--from', '2026-01-01', '--format', 'json', '--config', config]);
    return { code: r.code, json: JSON.parse(r.stdout) as ComplianceReport };
  };

  beforeAll(async () => {
    savedPepper = process.env['WARDEN_KEY_PEPPER'];
    process.env['WARDEN_KEY_PEPPER'] = PEPPER;
    tmp = tempDir();
    config = join(tmp.dir, 'warden.yaml');
    writeFileSync(config, `gateway:\n  data_dir: ${JSON.stringify(tmp.dir)}\n  store: ${PG_URL}\n  stores:\n    schema: ${schema}\n`);
    const svc = await openGatewayServices(gatewaySectionSchema.parse({ data_dir: tmp.dir, store: PG_URL, stores: { schema } }), { dataDir: tmp.dir });
    try {
      for (const e of seedEntries()) await svc.audit.append(e);
    } finally {
      await svc.close();
    }
  });
  afterAll(async () => {
    if (savedPepper === undefined) delete process.env['WARDEN_KEY_PEPPER'];
    else process.env['WARDEN_KEY_PEPPER'] = savedPepper;
    tmp?.dispose();
    await dropSchema(schema);
  });

  it('reads the shared store: seeded figures plus a rotation and a kill switch made with the CLI', async () => {
    const id = async (tenant: string) => (JSON.parse((await runCli(['keys', 'create', '--config', config, '--tenant', tenant, '--json'])).stdout) as { record: { id: string } }).record.id;
    const old = await id('initech');
    const replacement = await id('initech');
    expect((await runCli(['keys', 'revoke', '--config', config, old])).code).toBe(0);
    expect((await runCli(['kill', 'set', '--config', config, '--scope', 'model', '--id', 'gpt-4o', '--reason', 'drill'])).code).toBe(0);

    const { code, json } = await report();
    expect(code).toBe(0);
    expect(json.source.store).toBe(`postgres ${PG_URL}`);
    // The window runs to now, so the seed's late record (February) counts too.
    expect(json.evidence.pan).toEqual({ blocked: 2, redacted: 0, outbound: 2 });
    expect(json.evidence.rotations.map((r) => [r.tenant, r.oldKey, r.newKey])).toEqual([['acme', 'wk_acme1', 'wk_acme2'], ['initech', old, replacement]]);
    expect(json.evidence.killSwitches.at(-1)).toMatchObject({ event: 'set', scope: 'model', id: 'gpt-4o', reason: 'drill', via: 'cli' });
    expect(json.configuration.find((f) => f.id === 'kill-switches')?.detail).toContain('1 switched on now');
    expect(json.configuration.find((f) => f.id === 'authentication')).toMatchObject({ ok: true, detail: '1 active virtual key' });
    expect(json.evidence.chain).toMatchObject({ ok: true, checked: 16 });
  });

  it('reports a row tampered in PostgreSQL as a failed chain', async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`UPDATE "${schema}".audit SET entry = replace(entry, 'customer verified', 'nobody checked') WHERE seq = 5`);
    await client.end();
    const { code, json } = await report();
    expect(code).toBe(1);
    expect(json.evidence.chain).toMatchObject({ ok: false, altered: [5] });
    expect(json.controls.find((c) => c.id === '10.3.2')?.status).toBe('failed');
  });
});
