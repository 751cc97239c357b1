/**
 * Identity & audit hot-path figures: audit appends/s (batched and one-at-a-time), admit() latency with a
 * virtual key, and the per-request kill-switch check. Run: npm run bench:audit
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../src/spec/gateway.js';
import { openGatewayServices } from '../src/gateway/backends/index.js';
import { openStores } from '../src/gateway/backends/sqlite.js';
import { gatewaySectionSchema } from '../src/gateway/config.js';
import { createVirtualKey } from '../src/gateway/identity/key-admin.js';

function entry(i: number): AuditEntry {
  const content = 'Summarise the attached quarterly report for the board. '.repeat(18);
  return {
    requestId: `bench-${i}`,
    ts: new Date().toISOString(),
    route: '/v1/chat/completions',
    identity: { keyId: 'benchkey0001', tenant: 'acme', roles: [], authMethod: 'api-key' },
    model: 'gpt-4o-mini',
    upstream: 'openai',
    request: { messages: [{ role: 'system', content: 'You are helpful.' }, { role: 'user', content }], params: { temperature: 0 } },
    inputFindings: [],
    outputFindings: [],
    action: 'allow',
    status: 200,
    output: 'The report shows revenue growth of 12% and stable margins.',
    usage: { promptTokens: 250, completionTokens: 20 },
    latency: { totalMs: 340, inputScanMs: 0.2, upstreamMs: 339 },
    streamed: false,
  };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? NaN;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-'));
  try {
    const svc = await openGatewayServices(gatewaySectionSchema.parse({ limits: { per_key: { requests_per_minute: 1e9 } } }), { dataDir: dir });
    // Closed loop: each simulated request awaits its append, as a gateway finishing requests would.
    const appendsPerSec = async (clients: number) => {
      let n = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() - t0 < 1500) await svc.audit.append(entry(n++));
        }),
      );
      return Math.round(n / ((performance.now() - t0) / 1000));
    };
    const serial = await appendsPerSec(1);
    const concurrent = await appendsPerSec(64);
    const t = performance.now();
    const report = await svc.audit.verify();
    const verifyPerSec = report.checked / ((performance.now() - t) / 1000);

    const stores = openStores(dir);
    const { key } = await createVirtualKey(stores.keys, stores.pepper, { tenant: 'acme' }, new Date());
    await stores.audit.close();
    stores.db.close();
    const headers = { authorization: `Bearer ${key}` };
    const lat: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = performance.now();
      const a = await svc.admit({ headers, ip: '10.0.0.1', route: '/v1/chat/completions', model: 'gpt-4o-mini' });
      if (a.ok) a.release({ promptTokens: 10, completionTokens: 10 });
      lat.push(performance.now() - s);
      // Let the buffered usage counters commit, as between real requests.
      if (i % 16 === 0) await new Promise((r) => setImmediate(r));
    }
    await svc.close();
    console.log(`audit append, 1 client awaiting each append:  ${serial} records/s`);
    console.log(`audit append, 64 concurrent clients (batched): ${concurrent} records/s`);
    console.log(`audit verify:                                  ${Math.round(verifyPerSec)} records/s (${report.checked} records, ok=${report.ok})`);
    console.log(`admit() + release(): key lookup, kill-switch check, rate limit, usage counters: p50 ${(pct(lat, 0.5) * 1000).toFixed(1)} µs, p99 ${(pct(lat, 0.99) * 1000).toFixed(1)} µs`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
