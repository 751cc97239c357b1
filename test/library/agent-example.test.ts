/** examples/agent runs against the gateway as `npm start` serves it (warden.example.yaml, the demo upstream). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent } from '../../examples/agent/agent.js';
import { createApprovalService, openLibraryStores, type ApprovalRecord } from '../../src/index.js';
import { loadGatewayConfig } from '../../src/gateway/config.js';
import { startGateway, type RunningGateway } from '../../src/gateway/server.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'warden.example.yaml');

describe('examples/agent against the demo gateway', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'warden-agent-'));
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway(loadGatewayConfig(EXAMPLE), { port: 0, dataDir: join(tmp, 'gateway'), openModeKey: 'wk-demo-local-only', logger: false });
  });
  afterAll(async () => {
    await gw.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('runs the legitimate tasks, contains the planted instructions, and runs the big refund once a human approves it', async () => {
    const dataDir = join(tmp, 'agent');
    const decided: Array<Promise<unknown>> = [];
    const lines: string[] = [];
    // The operator, as a second process would: its own connection to the agent's data dir.
    const operator = await openLibraryStores(dataDir);
    const ops = createApprovalService({ store: operator.approvals });
    const onApprovalRequested = (rec: ApprovalRecord) => {
      decided.push(ops.decide(rec.id, { approve: true, by: { name: 'ops-lead', via: 'cli' }, reason: 'customer called' }));
    };
    const { steps, effects } = await runAgent({ baseURL: `${gw.url}/v1`, apiKey: 'wk-demo-local-only', model: 'warden-demo', dataDir, approvalTimeoutMs: 60_000, onApprovalRequested, log: (l) => lines.push(l) });
    await Promise.all(decided);
    await operator.close();

    expect(effects).toEqual({ refunds: [{ order: 'A-1001', amount: 30 }, { order: 'A-1001', amount: 150 }], emails: [] });
    expect(steps.filter((s) => s.tool === 'lookup_order').map((s) => s.status)).toEqual(['ok', 'ok', 'ok']);
    expect(steps).toContainEqual({ task: 2, tool: 'refund', args: '{"order":"A-1002","amount":4000}', status: 'denied', rule: 'tools/refund/over-limit' });
    expect(steps.find((s) => s.tool === 'email_customer')).toMatchObject({ task: 3, status: 'denied' });
    expect(steps.filter((s) => s.task === 5)).toEqual([{ task: 5, tool: 'refund', args: '{"order":"A-1001","amount":150}', status: 'ok', rule: 'tools/refund/needs-human' }]);
    expect(lines.some((l) => l.includes('npx warden approvals approve apr_'))).toBe(true);
  }, 120_000);
});
