import { afterAll, describe } from 'vitest';
import { createPostgresReviewStore } from '../../src/store/postgres-review.js';
import type { PostgresHandle } from '../../src/store/postgres-connect.js';
import { dropSchema, noPostgres, openMigrated, schemaName } from '../helpers/postgres.js';
import { reviewStoreContract } from './review-store-contract.js';

const schemas: string[] = [];
const handles: PostgresHandle[] = [];
afterAll(async () => {
  for (const h of handles.splice(0)) await h.close();
  for (const s of schemas.splice(0)) await dropSchema(s);
});

describe.skipIf(noPostgres)('postgres review store', () => {
  reviewStoreContract('postgres', async () => {
    const schema = schemaName('review');
    schemas.push(schema);
    const open = async () => {
      const h = await openMigrated(schema);
      handles.push(h);
      return createPostgresReviewStore(h.pool);
    };
    return { store: await open(), other: open };
  });
});
