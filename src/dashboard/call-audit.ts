/**
 * One audit record for every dashboard change (sign-in attempts included) and every read of a request's full
 * context, in the gateway's hash chain, naming the operator. A change whose record cannot be written is answered
 * 500 audit_unavailable, as on the admin API.
 */
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { adminCallEntry } from '../gateway/admin-audit.js';
import { adminErrorBody, GatewayError } from '../gateway/errors.js';
import { failureOf } from '../gateway/http-errors.js';
import { elapsedMs } from '../gateway/recorder.js';
import type { AuditStore } from '../spec/gateway.js';
import { callStateOf } from './request-state.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A dashboard GET that is audited like a change (it shows a request's full context). */
    auditRead?: boolean;
  }
}

const started = new WeakMap<FastifyRequest, number>();

export function auditDashboardCalls(app: FastifyInstance, audit: AuditStore, now: () => number): void {
  app.addHook('onRequest', async (req) => {
    started.set(req, performance.now());
  });
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (req.method === 'GET' && req.routeOptions.config.auditRead !== true) return payload;
    const state = callStateOf(req);
    const operator = state.session?.operator ?? state.signedIn;
    const failure = failureOf(req);
    const entry = adminCallEntry({
      requestId: req.id,
      at: new Date(now()),
      route: `${req.method} ${req.routeOptions.url ?? req.url}`,
      operator: 'dashboard',
      admin: { caller: operator === undefined ? 'unauthenticated' : 'dashboard', remoteAddress: req.ip },
      status: reply.statusCode,
      errorCode: failure?.code,
      params: req.params,
      change: { ...state.change, dashboardOperator: operator },
      totalMs: elapsedMs(started.get(req) ?? performance.now()),
    });
    try {
      await audit.append(entry);
      return payload;
    } catch (err) {
      req.log.error({ err, requestId: req.id }, 'writing the audit record of a dashboard call failed');
      if (failure !== undefined) return payload;
      const e = new GatewayError('audit_unavailable', 'The change could not be recorded in the audit log; see the gateway log for the request id.');
      reply.code(e.status);
      return JSON.stringify(adminErrorBody(e));
    }
  });
}
