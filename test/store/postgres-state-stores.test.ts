import { afterAll, describe } from 'vitest';
import { stateStoreContract } from '../gateway/identity/state-store-contract.js';
import { approvalStoreContract } from '../approvals/approval-store-contract.js';
import { createPostgresKeyStore } from '../../src/store/postgres-keys.js';
import { createPostgresKillSwitchStore } from '../../src/store/postgres-kill-switches.js';
import { createPostgresUsageStore } from '../../src/store/postgres-usage.js';
import { createPostgresApprovalStore } from '../../src/store/postgres-approvals.js';
import { dropSchema, noPostgres, openMigrated, schemaName } from '../helpers/postgres.js';

const schemas: string[] = [];
afterAll(async () => {
  for (const s of schemas.splice(0)) await dropSchema(s);
});

/** A handle as one process has it: its own pool on the shared schema. */
async function handle(schema: string) {
  const h = await openMigrated(schema);
  const usage = createPostgresUsageStore(h.pool);
  return {
    keys: createPostgresKeyStore(h.pool),
    kills: createPostgresKillSwitchStore(h.pool),
    usage,
    approvals: createPostgresApprovalStore(h.pool),
    async close() {
      await usage.flush();
      await h.close();
    },
  };
}

function fresh(tag: string): string {
  const schema = schemaName(tag);
  schemas.push(schema);
  return schema;
}

describe.skipIf(noPostgres)('postgres state stores', () => {
  stateStoreContract('postgres', async () => {
    const schema = fresh('state');
    const first = await handle(schema);
    return {
      ...first,
      other: () => handle(schema),
      async close() {
        await first.close();
      },
    };
  });

  const open: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const h of open.splice(0)) await h.close();
  });
  approvalStoreContract('postgres', async () => {
    const schema = fresh('apr');
    const first = await handle(schema);
    open.push(first);
    return {
      store: first.approvals,
      async other() {
        const h = await handle(schema);
        open.push(h);
        return h.approvals;
      },
    };
  });
});
