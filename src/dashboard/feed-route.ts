/** GET /dashboard/api/feed: the live feed as server-sent events, filtered by tenant (forced for tenant operators), key, rule and action. */
import type { FastifyInstance } from 'fastify';
import { parse } from '../gateway/admin-input.js';
import type { DashboardDeps } from './deps.js';
import { FeedClient, sseEvent, type FeedHub, type FeedLimits } from './feed.js';
import { feedQuery } from './records.js';
import { operatorOf } from './request-state.js';
import { listTenant } from './scope.js';
import { DASHBOARD_HEADERS } from './static.js';

export function feedRoute(app: FastifyInstance, deps: DashboardDeps, hub: FeedHub): void {
  const limits: FeedLimits = { buffer: deps.config.feed.buffer, maxPerSecond: deps.config.feed.max_events_per_second };
  app.get('/dashboard/api/feed', async (req, reply) => {
    const q = parse(feedQuery, req.query);
    const filter = { tenant: listTenant(operatorOf(req), q.tenant), key: q.key, rule: q.rule, action: q.action };
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { ...DASHBOARD_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    res.write(sseEvent('ready', { filter, limits }));
    const client = new FeedClient(res, filter, limits, deps.admin.now);
    const remove = hub.add(client);
    req.raw.on('close', () => {
      remove();
      client.close();
    });
  });
}
