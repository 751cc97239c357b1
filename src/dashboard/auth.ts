/**
 * Sign-in, the session check and CSRF. POST /dashboard/api/session signs in (admin token, operator token or
 * OIDC ID token) and sets the session cookie; every other API call needs the cookie, and every state change
 * also the session's CSRF token in the `x-warden-csrf` header (a forged or missing one is refused, 403).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parse } from '../gateway/admin-input.js';
import { GatewayError } from '../gateway/errors.js';
import type { DashboardDeps } from './deps.js';
import { recordChange, recordSignIn, sessionOf, setSession } from './request-state.js';
import { CSRF_HEADER, sameToken, sessionIdFrom, type SessionStore } from './session.js';
import type { OidcClient } from './oidc-client.js';
import { createSignIn } from './signin.js';
import { SignInThrottle } from './throttle.js';

const signInBody = z
  .strictObject({
    token: z.string().min(1).max(4096).optional(),
    id_token: z.string().min(1).max(16_384).optional(),
  })
  .refine((b) => (b.token === undefined) !== (b.id_token === undefined), { message: 'send exactly one of token or id_token' });

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** onRequest hook of the guarded API: a live session, and on a change its CSRF token. */
export function sessionGuard(sessions: SessionStore) {
  return async (req: FastifyRequest): Promise<void> => {
    const s = await sessions.touch(sessionIdFrom(req.headers.cookie));
    if (s === undefined) throw new GatewayError('session_required', 'Sign in to the dashboard first (the session is missing or has expired).');
    setSession(req, s);
    if (SAFE_METHODS.has(req.method)) return;
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameToken(sent, s.csrf)) {
      throw new GatewayError('csrf_invalid', `Missing or wrong CSRF token: send the session's token in the ${CSRF_HEADER} header.`);
    }
  };
}

/** POST /dashboard/api/session: needs no session (it makes one). */
export function signInRoute(app: FastifyInstance, deps: DashboardDeps, sessions: SessionStore, oidc: OidcClient | undefined): void {
  const signIn = createSignIn(deps.config, deps.adminTokenEnv, oidc, deps.env);
  // What the sign-in page offers: the identity provider's button only when the redirect flow is configured.
  app.get('/dashboard/api/sign-in', async () => ({ oidcRedirect: oidc?.redirectFlow === true }));
  const throttle = new SignInThrottle(deps.admin.now);
  app.post('/dashboard/api/session', async (req, reply) => {
    const wait = throttle.retryAfterSec(req.ip);
    if (wait > 0) throw new GatewayError('rate_limited', 'Too many failed sign-ins from this address; try again later.', { retryAfterSec: wait });
    const body = parse(signInBody, req.body ?? {});
    recordChange(req, { change: 'dashboard.sign_in', method: body.id_token === undefined ? 'token' : 'oidc' });
    const result = await signIn(body);
    if (!result.ok) {
      throttle.failed(req.ip);
      throw new GatewayError(body.id_token === undefined ? 'invalid_admin_token' : 'invalid_token', result.message);
    }
    throttle.succeeded(req.ip);
    const s = await sessions.create(result.operator);
    recordSignIn(req, result.operator);
    reply.header('set-cookie', sessions.cookie(s.id, deps.config.secure_cookie));
    return { operator: result.operator, csrf: s.csrf };
  });
}

/** GET (who am I, and the CSRF token) and DELETE (sign out) of the current session; registered behind the guard. */
export function sessionRoutes(app: FastifyInstance, deps: DashboardDeps, sessions: SessionStore): void {
  app.get('/dashboard/api/session', async (req) => {
    const s = sessionOf(req);
    return { operator: s?.operator, csrf: s?.csrf };
  });
  app.delete('/dashboard/api/session', async (req, reply) => {
    const s = sessionOf(req);
    if (s !== undefined) await sessions.end(s.id);
    recordChange(req, { change: 'dashboard.sign_out' });
    reply.header('set-cookie', sessions.cookie(null, deps.config.secure_cookie));
    return { signedOut: true };
  });
}
