/**
 * The dashboard, a Fastify plugin the gateway registers at /dashboard: its page and libraries (static.ts), sign-in
 * (auth.ts; the identity provider's redirect flow in oidc-routes.ts), and behind the session guard the APIs its
 * pages call, each confined to the operator's tenant (scope.ts). Every change and every read of a request's full context is audited (call-audit.ts).
 */
import type { FastifyInstance } from 'fastify';
import { sessionGuard, sessionRoutes, signInRoute } from './auth.js';
import { auditDashboardCalls } from './call-audit.js';
import type { DashboardDeps } from './deps.js';
import { FeedHub } from './feed.js';
import { feedRoute } from './feed-route.js';
import { OidcClient } from './oidc-client.js';
import { oidcRoutes } from './oidc-routes.js';
import { operationRoutes } from './operations.js';
import { overviewRoutes } from './overview.js';
import { policyRoutes } from './policy.js';
import { recordRoutes } from './records.js';
import { reportRoutes } from './reports.js';
import { reviewRoutes } from './review.js';
import { SessionStore } from './session.js';
import { DASHBOARD_HEADERS, staticRoutes } from './static.js';

export type { DashboardDeps } from './deps.js';

export async function dashboardRoutes(app: FastifyInstance, deps: DashboardDeps): Promise<void> {
  const { config } = deps;
  const now = deps.admin.now;
  const sessions = new SessionStore(deps.ephemeral, { idleMs: config.session_idle_minutes * 60_000, maxMs: config.session_max_hours * 3_600_000, now });
  const oidc = config.oidc === undefined ? undefined : new OidcClient(config.oidc, deps.env);
  const hub = new FeedHub();
  const unsubscribe = deps.events.subscribe((rec) => hub.publish(rec));
  // Before the server closes: open event streams would otherwise hold it open for the whole grace period.
  app.addHook('preClose', async () => {
    unsubscribe();
    hub.closeAll();
  });
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, errorFormat: 'admin' };
  });
  app.addHook('onSend', async (req, reply, payload) => {
    reply.headers(DASHBOARD_HEADERS);
    if (req.url.startsWith('/dashboard/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });
  staticRoutes(app);
  app.register(async (api) => {
    auditDashboardCalls(api, deps.admin.audit, now);
    signInRoute(api, deps, sessions, oidc);
    if (oidc?.redirectFlow === true) oidcRoutes(api, deps, sessions, oidc);
    api.register(async (guarded) => {
      guarded.addHook('onRequest', sessionGuard(sessions));
      sessionRoutes(guarded, deps, sessions);
      recordRoutes(guarded, deps);
      feedRoute(guarded, deps, hub);
      operationRoutes(guarded, deps);
      policyRoutes(guarded, deps);
      overviewRoutes(guarded, deps);
      reportRoutes(guarded, deps);
      reviewRoutes(guarded, deps);
    });
  });
}
