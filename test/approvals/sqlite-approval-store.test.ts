import { afterEach } from 'vitest';
import { approvalStoreContract } from './approval-store-contract.js';
import { sqliteApprovals } from './helpers.js';

const env: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const e of env.splice(0)) e.dispose();
});

approvalStoreContract('sqlite', async () => {
  const db = sqliteApprovals();
  env.push(db);
  return { store: db.stores.approvals, other: async () => db.reopen().approvals };
});
