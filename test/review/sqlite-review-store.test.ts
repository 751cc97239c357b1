import { afterEach } from 'vitest';
import { sqliteApprovals } from '../approvals/helpers.js';
import { reviewStoreContract } from './review-store-contract.js';

const env: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const e of env.splice(0)) e.dispose();
});

reviewStoreContract('sqlite', async () => {
  const db = sqliteApprovals();
  env.push(db);
  return { store: db.stores.review, other: async () => db.reopen().review };
});
