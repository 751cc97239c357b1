/**
 * The review queue in the dashboard: items of the operator's tenant, one item with its request's context and findings
 * (audited like any read of a request's full context), and the reviewer's label, audited with the operator's name.
 */
import type { FastifyInstance } from 'fastify';
import { idParams, parse } from '../gateway/admin-input.js';
import { decideReview, reviewDetail, reviewListQuery, reviewPage } from '../gateway/admin-review.js';
import type { DashboardDeps } from './deps.js';
import { operatorOf, recordChange } from './request-state.js';
import { listTenant, sees, visibleOr404 } from './scope.js';

export function reviewRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  const { review, audit, now } = deps.admin;
  const reviewDeps = { review, audit, now };

  app.get('/dashboard/api/review', async (req) => {
    const q = parse(reviewListQuery, req.query);
    return reviewPage(review, q, listTenant(operatorOf(req), q.tenant));
  });
  app.get('/dashboard/api/review/:id', { config: { auditRead: true } }, async (req) => {
    const item = visibleOr404(operatorOf(req), await review.get(parse(idParams, req.params).id), (i) => i.tenant, 'review item');
    return reviewDetail(reviewDeps, item);
  });
  app.post('/dashboard/api/review/:id/decision', async (req) => {
    const op = operatorOf(req);
    const { id } = parse(idParams, req.params);
    const { item, change } = await decideReview(reviewDeps, id, req.body, () => ({ name: op.name, via: 'dashboard' }), (i) => sees(op, i.tenant));
    recordChange(req, change);
    return item;
  });
}
