/**
 * The browser sign-in with the identity provider (OIDC authorization code flow with PKCE):
 * GET /dashboard/oidc/login sends the browser to the provider with a fresh state, nonce and code challenge, kept in
 * the ephemeral store (any replica may get the callback) and bound to this browser by a short-lived cookie;
 * GET /dashboard/oidc/callback checks the state against that cookie, takes the pending sign-in once, exchanges the
 * code, verifies the ID token and its nonce, and starts a dashboard session. A failure sends the browser back to
 * the sign-in page with a fixed error code (never the provider's text), and is audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { EphemeralStore } from '../store/interfaces.js';
import type { DashboardDeps } from './deps.js';
import type { OidcClient, PendingSignIn } from './oidc-client.js';
import { recordChange, recordSignIn } from './request-state.js';
import { cookieValue, parseJson, sameToken, storeKey, type SessionStore } from './session.js';

const FLOW_COOKIE = 'warden_oidc';
const FLOW_PATH = '/dashboard/oidc';
/** Time to finish signing in at the provider. */
const FLOW_TTL_MS = 10 * 60_000;

/** The codes the sign-in page turns into messages (signin.js). */
export type OidcFailure = 'oidc_state' | 'oidc_provider' | 'oidc_exchange' | 'oidc_token' | 'oidc_denied' | 'oidc_unavailable';

const callbackQuery = z.looseObject({
  code: z.string().min(1).max(4096).optional(),
  state: z.string().min(1).max(512).optional(),
  error: z.string().max(256).optional(),
});

const pendingSchema = z.strictObject({ verifier: z.string().min(43), nonce: z.string().min(43) });

/**
 * The flow cookie: SameSite=Lax, not Strict, because the provider's redirect back is a cross-site navigation and a
 * Strict cookie would not come along; it is only read on the callback, a GET that changes nothing but this sign-in.
 */
function flowCookie(state: string | null, secure: boolean): string {
  const parts = [`${FLOW_COOKIE}=${state ?? ''}`, `Path=${FLOW_PATH}`, 'HttpOnly', 'SameSite=Lax', state === null ? 'Max-Age=0' : `Max-Age=${FLOW_TTL_MS / 1000}`];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

async function takePending(store: EphemeralStore, state: string): Promise<PendingSignIn | undefined> {
  const raw = await store.take(storeKey('oidc', state));
  if (raw === undefined) return undefined;
  const parsed = pendingSchema.safeParse(parseJson(raw));
  return parsed.success ? parsed.data : undefined;
}

export function oidcRoutes(app: FastifyInstance, deps: DashboardDeps, sessions: SessionStore, oidc: OidcClient): void {
  const secure = deps.config.secure_cookie;
  const log = (req: FastifyRequest, err: unknown, msg: string) => req.log.warn({ err: err instanceof Error ? err.message : String(err) }, msg);

  app.get(`${FLOW_PATH}/login`, async (req, reply) => {
    let started;
    try {
      started = await oidc.authorization();
    } catch (err) {
      log(req, err, 'OIDC sign-in could not start: the identity provider is unreachable or misconfigured');
      return reply.redirect('/dashboard/?signin_error=oidc_unavailable');
    }
    await deps.ephemeral.set(storeKey('oidc', started.state), JSON.stringify(started.pending), FLOW_TTL_MS);
    reply.header('set-cookie', flowCookie(started.state, secure));
    return reply.redirect(started.url);
  });

  app.get(`${FLOW_PATH}/callback`, { config: { auditRead: true } }, async (req, reply) => {
    reply.header('set-cookie', flowCookie(null, secure));
    // Not a gateway error: the browser is redirected back to the sign-in page with the reason (OidcFailure).
    const signInFailed = (code: OidcFailure, detail: string) => {
      recordChange(req, { change: 'dashboard.sign_in', method: 'oidc', refused: code, detail });
      return reply.redirect(`/dashboard/?signin_error=${code}`);
    };
    const q = callbackQuery.safeParse(req.query);
    const bound = cookieValue(req.headers.cookie, FLOW_COOKIE);
    const state = q.success ? q.data.state : undefined;
    // The state must be the one this browser was sent off with: a callback carrying another (a forged or
    // injected sign-in) is refused, and the pending sign-in is taken once, so a replayed callback fails too.
    if (state === undefined || bound === undefined || !sameToken(state, bound)) return signInFailed('oidc_state', 'state missing or not this browser\'s');
    const pending = await takePending(deps.ephemeral, state);
    if (pending === undefined) return signInFailed('oidc_state', 'sign-in expired or already used');
    if (q.data?.error !== undefined || q.data?.code === undefined) return signInFailed('oidc_provider', `provider answered ${q.data?.error ?? 'without a code'}`);
    let idToken: string;
    try {
      idToken = await oidc.exchange(q.data.code, pending);
    } catch (err) {
      log(req, err, 'OIDC code exchange failed');
      return signInFailed('oidc_exchange', err instanceof Error ? err.message : String(err));
    }
    const result = await oidc.signIn(idToken, pending.nonce);
    if (!result.ok) return signInFailed(result.message.startsWith('Invalid ID token') ? 'oidc_token' : 'oidc_denied', result.message);
    const s = await sessions.create(result.operator);
    recordChange(req, { change: 'dashboard.sign_in', method: 'oidc' });
    recordSignIn(req, result.operator);
    // The page loaded next is fetched without the Strict cookie (the navigation began at the provider); its own
    // API calls are same-site and carry it.
    reply.header('set-cookie', [flowCookie(null, secure), sessions.cookie(s.id, secure)]);
    return reply.redirect('/dashboard/');
  });
}
