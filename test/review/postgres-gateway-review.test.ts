/**
 * The review queue on a gateway whose state lives in PostgreSQL (`gateway.store`): filed from a monitor-mode rule and
 * from feedback, feedback on another tenant's request refused like an unknown one, and a reviewer's decision stored
 * in the shared database (read back through a second pool, as another replica or the CLI would).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualKey } from '../../src/gateway/identity/key-admin.js';
import { createPostgresReviewStore } from '../../src/store/postgres-review.js';
import type { PostgresHandle } from '../../src/store/postgres-connect.js';
import { startTestGateway, TEST_KEY, type TestGateway } from '../gateway/helpers/gateway.js';
import { dropSchema, noPostgres, openMigrated, PG_URL, schemaName } from '../helpers/postgres.js';
import { admin, chat, feedback, itemOf, MONITOR_POLICY, REVIEW_ADMIN_ENV, REVIEW_ADMIN_TOKEN } from './helpers.js';

describe.skipIf(noPostgres)('review queue on the PostgreSQL store', () => {
  const schema = schemaName('gwreview');
  let gw: TestGateway;
  let other: PostgresHandle;
  let savedPepper: string | undefined;

  beforeAll(async () => {
    savedPepper = process.env['WARDEN_KEY_PEPPER'];
    process.env['WARDEN_KEY_PEPPER'] = 'review-test-pepper-0123456789';
    process.env[REVIEW_ADMIN_ENV] = REVIEW_ADMIN_TOKEN;
    gw = await startTestGateway({ policy: MONITOR_POLICY, gateway: { store: PG_URL, stores: { schema }, admin: { token_env: REVIEW_ADMIN_ENV } } });
    other = await openMigrated(schema);
  });
  afterAll(async () => {
    await gw?.close();
    await other?.close();
    await dropSchema(schema);
    if (savedPepper === undefined) delete process.env['WARDEN_KEY_PEPPER'];
    else process.env['WARDEN_KEY_PEPPER'] = savedPepper;
    delete process.env[REVIEW_ADMIN_ENV];
  });

  it('files, refuses foreign feedback alike, and keeps decisions in the shared database', async () => {
    const monitored = await chat(gw, TEST_KEY, 'Tell me about zorg.');
    const item = await itemOf(gw, monitored);
    expect(item).toMatchObject({ reasons: ['monitor'], ruleIds: ['denylist/banned'] });

    const { keys, pepper } = gw.services.admin;
    const globex = (await createVirtualKey(keys, pepper, { tenant: 'globex' }, new Date())).key;
    const theirs = await chat(gw, globex, 'A plain question from globex.');
    const foreign = await feedback(gw, TEST_KEY, { request_id: theirs, rating: 'bad' });
    const unknown = await feedback(gw, TEST_KEY, { request_id: 'no-such-request', rating: 'bad' });
    expect([foreign.status, foreign.body]).toEqual([404, unknown.body]);
    expect((await feedback(gw, TEST_KEY, { request_id: monitored, label: 'false_positive', comment: 'zorg is our product name' })).status).toBe(202);

    const decided = await admin(gw, 'POST', `/admin/review/${item.id}/decision`, { reviewer: 'rita', label: 'false_positive' });
    expect(decided.status).toBe(200);
    const replica = createPostgresReviewStore(other.pool);
    expect(await replica.get(item.id)).toMatchObject({ reasons: ['monitor', 'feedback'], status: 'reviewed', label: 'false_positive', feedback: [{ label: 'false_positive', comment: 'zorg is our product name' }] });
    expect(await replica.byRequest('globex', theirs)).toBeUndefined();
    expect(await gw.audit(decided.requestId)).toMatchObject({ request: { params: { change: 'review.decide', item: item.id, reviewer: { name: 'rita', via: 'admin-token' } } } });
  });
});
