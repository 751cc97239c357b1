/**
 * POST /v1/feedback: an application passes its user's report on an answer (by the answer's request id) into the review
 * queue. The caller may only report requests of its own tenant; an unknown id and another tenant's id get the same
 * answer, so the route reveals nothing about requests the caller did not make. The call's own audit record names the
 * request reported and the rating.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ReviewStore } from '../../spec/review.js';
import { feedbackFiling } from '../../review/filing.js';
import { GatewayError } from '../errors.js';
import { identityOf, type GatewayRuntime } from './runtime.js';

export const feedbackBodySchema = z
  .strictObject({
    request_id: z.string().min(1).max(200),
    rating: z.enum(['good', 'bad']).optional(),
    label: z.enum(['missed_attack', 'false_positive', 'other']).optional(),
    comment: z.string().max(4000).optional(),
  })
  .refine((b) => b.rating !== undefined || b.label !== undefined, { message: 'give a "rating" (good or bad) or a "label"' });

const UNKNOWN = 'No request with this request_id was made by this tenant.';

export function registerFeedbackRoute(app: FastifyInstance, rt: GatewayRuntime, review: ReviewStore): void {
  app.post('/v1/feedback', async (req, reply) => {
    const rec = rt.recorderOf(req);
    const identity = identityOf(req);
    const parsed = feedbackBodySchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.join('.') ?? '';
      throw new GatewayError('invalid_request', `Invalid feedback${path ? ` at ${path}` : ''}: ${issue?.message ?? 'malformed'}.`);
    }
    const b = parsed.data;
    const rating = b.rating ?? 'bad';
    rec.requestSeen({ messages: b.comment === undefined ? [] : [{ role: 'user', content: b.comment }] });
    rec.feedbackGiven({ requestId: b.request_id, rating, ...(b.label === undefined ? {} : { label: b.label }) });
    const target = await rt.services.audit.get(b.request_id);
    // Operator calls have no place in the queue; they answer like a request that does not exist.
    if (target === undefined || target.admin !== undefined || target.identity?.tenant !== identity.tenant) throw new GatewayError('not_found', UNKNOWN);
    const at = new Date().toISOString();
    await review.file(
      feedbackFiling(target, identity.tenant, {
        rating,
        keyId: identity.keyId,
        feedbackRequestId: req.id,
        at,
        ...(b.label === undefined ? {} : { label: b.label }),
        ...(b.comment === undefined ? {} : { comment: b.comment }),
        ...(identity.userId === undefined ? {} : { userId: identity.userId }),
      }),
    );
    rec.answered('feedback received');
    reply.code(202);
    return { request_id: b.request_id, received: true };
  });
}
