/**
 * /admin/* (keys, kill switches, approvals, documents, audit) behind the admin bearer token, and /v1/audit for tenant keys with the
 * `auditor` role, which only ever see their own tenant's records. Authentication is a preHandler, errors go to
 * the gateway's error handler (http-errors.ts), and every call, allowed or refused, gets one audit record.
 */
import { timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AdminCall, AuditQuery, AuditStore, Identity } from '../spec/gateway.js';
import { KILL_SCOPES, type KeyStore, type KillSwitchStore } from '../store/interfaces.js';
import type { ApprovalService } from '../approvals/service.js';
import type { ReviewStore } from '../spec/review.js';
import { reviewRoutes } from './admin-review.js';
import { approvalRoutes } from './admin-approvals.js';
import { documentRoutes } from './admin-documents.js';
import type { RetrievalRuntime } from './routes/retrieval.js';
import { adminCallEntry, type AdminOperator } from './admin-audit.js';
import { idParams, parse } from './admin-input.js';
import { adminErrorBody, GatewayError } from './errors.js';
import { failureOf } from './http-errors.js';
import { credentialOf, type AuthResult, type Headers } from './identity/authenticate.js';
import { createVirtualKey, publicKey } from './identity/key-admin.js';
import { keyIdOf, KeyInputError, parseExpiry } from './identity/keys.js';
import { elapsedMs } from './recorder.js';

export interface AdminDeps {
  keys: KeyStore;
  killStore: KillSwitchStore;
  audit: AuditStore;
  approvals: ApprovalService;
  review: ReviewStore;
  authenticate: (headers: Headers) => Promise<AuthResult>;
  pepper: string;
  adminTokenEnv: string;
  now: () => number;
  /** The gateway's retrieval runtime: documents stored through /admin/documents (absent outside a gateway). */
  retrieval?: RetrievalRuntime;
}

/** Role a tenant key needs to read its own tenant's audit records at /v1/audit. */
export const AUDITOR_ROLE = 'auditor';

const names = z.array(z.string().min(1)).optional();
const createKeyBody = z.strictObject({
  tenant: z.string().min(1),
  name: z.string().min(1).max(200).optional(),
  roles: names,
  models: names,
  tools: names,
  expires: z.string().min(1).optional(),
  trust_user_header: z.boolean().optional(),
  limits: z
    .strictObject({
      requests_per_minute: z.number().int().positive().optional(),
      tokens_per_day: z.number().int().positive().optional(),
      tokens_per_month: z.number().int().positive().optional(),
      cost_usd_per_day: z.number().positive().optional(),
      cost_usd_per_month: z.number().positive().optional(),
      max_concurrency: z.number().int().positive().optional(),
    })
    .optional(),
});
const killBody = z.strictObject({
  scope: z.enum(KILL_SCOPES as [string, ...string[]]),
  id: z.string().min(1).max(256).optional(),
  reason: z.string().max(1000).optional(),
});
const auditQuery = z.strictObject({
  tenant: z.string().optional(),
  key_id: z.string().optional(),
  action: z.string().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** `next_cursor` of the previous page. */
  cursor: z.string().regex(/^[1-9][0-9]{0,14}$/, 'cursor must be the next_cursor of a previous page').optional(),
});
const verifyQuery = z
  .strictObject({
    expect_count: z.coerce.number().int().min(0).optional(),
    expect_head: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .refine((q) => q.expect_head === undefined || q.expect_count !== undefined, { message: 'expect_head needs expect_count' });

function killScope(scope: string | undefined, id: string | undefined) {
  const s = parse(killBody.shape.scope, scope);
  const scopeId = s === 'global' ? '*' : id;
  if (scopeId === undefined) throw new GatewayError('invalid_request', `Kill switch scope "${s}" needs an id.`);
  return { scope: s as (typeof KILL_SCOPES)[number], id: scopeId };
}

function toAuditQuery(q: z.infer<typeof auditQuery>): AuditQuery & { limit: number } {
  const beforeSeq = q.cursor === undefined ? undefined : Number(q.cursor);
  return { tenant: q.tenant, keyId: q.key_id, action: q.action, since: q.since, until: q.until, limit: q.limit, beforeSeq };
}

/** One page of records, newest first, and the cursor of the next page (null after the last). */
async function auditPage(audit: AuditStore, q: AuditQuery & { limit: number }) {
  const records = await audit.query(q);
  const last = records.at(-1);
  return { records, next_cursor: records.length === q.limit && last !== undefined ? String(last.seq) : null };
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = /^Bearer[ \t]{1,16}(\S{1,4096})$/i.exec(header ?? '');
  return m?.[1];
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A key attribute the caller got wrong is a 400 with its message; anything else (the store) is a 500. */
export async function keyInput<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof KeyInputError) throw new GatewayError('invalid_request', err.message);
    throw err;
  }
}

/** What a call's audit record needs to know, filled in as the call is authorised and handled. */
interface CallState {
  operator: AdminOperator;
  startedAt: number;
  caller: AdminCall['caller'];
  identity?: Identity;
  change?: Record<string, unknown>;
}

const calls = new WeakMap<FastifyRequest, CallState>();

function callOf(req: FastifyRequest): CallState {
  const call = calls.get(req);
  if (call === undefined) throw new Error('admin call state missing: the route was registered outside adminRoutes');
  return call;
}

/** The tenant an audit read is confined to; never "all tenants" by omission. */
function auditorTenant(req: FastifyRequest): string {
  const identity = callOf(req).identity;
  if (identity === undefined) throw new Error('audit read reached its handler without an authorised identity');
  return identity.tenant;
}

/**
 * Writes each call's one audit record before its answer leaves. A call whose record cannot be written is
 * answered 500 (unless it already failed): no unaudited reads, and the operator learns of it.
 */
function auditCalls(app: FastifyInstance, deps: AdminDeps, operator: AdminOperator): void {
  app.addHook('onRequest', async (req) => {
    calls.set(req, { operator, startedAt: performance.now(), caller: 'unauthenticated' });
  });
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const call = callOf(req);
    const failure = failureOf(req);
    const presented = call.caller === 'unauthenticated' ? keyIdOf(credentialOf(req.headers) ?? '') : undefined;
    const entry = adminCallEntry({
      requestId: req.id,
      at: new Date(deps.now()),
      route: `${req.method} ${req.routeOptions.url ?? req.url}`,
      operator: call.operator,
      admin: { caller: call.caller, remoteAddress: req.ip, presentedKeyId: presented },
      identity: call.identity,
      status: reply.statusCode,
      errorCode: failure?.code,
      params: req.params,
      query: req.query,
      change: call.change,
      totalMs: elapsedMs(call.startedAt),
    });
    try {
      await deps.audit.append(entry);
      return payload;
    } catch (err) {
      req.log.error({ err, requestId: req.id }, 'writing the audit record of an admin call failed');
      if (failure !== undefined) return payload;
      const e = new GatewayError('audit_unavailable', 'The call could not be recorded in the audit log; see the gateway log for the request id.');
      reply.code(e.status);
      return JSON.stringify(adminErrorBody(e));
    }
  });
}

/** The admin API and the tenant audit read, as one plugin: `app.register(adminRoutes, deps)`. */
export async function adminRoutes(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, errorFormat: 'admin' };
  });
  app.register(async (api) => adminApi(api, deps));
  app.register(async (api) => auditorApi(api, deps));
}

function adminApi(app: FastifyInstance, deps: AdminDeps): void {
  auditCalls(app, deps, 'admin-api');
  app.addHook('preHandler', async (req) => {
    const token = process.env[deps.adminTokenEnv];
    if (token === undefined || token.length === 0) {
      throw new GatewayError('admin_disabled', `Admin API disabled: set the ${deps.adminTokenEnv} environment variable on the gateway.`);
    }
    const presented = bearerOf(req.headers.authorization);
    if (presented === undefined || !sameSecret(presented, token)) throw new GatewayError('invalid_admin_token', 'Invalid or missing admin token (Authorization: Bearer <admin token>).');
    callOf(req).caller = 'admin-token';
  });

  app.get('/admin/keys', async (req) => {
    const q = parse(z.object({ tenant: z.string().optional() }), req.query);
    return { keys: (await deps.keys.list({ tenant: q.tenant })).map(publicKey) };
  });
  app.post('/admin/keys', async (req, reply) => {
    const b = parse(createKeyBody, req.body ?? {});
    const now = new Date(deps.now());
    const expiresAt = b.expires === undefined ? null : await keyInput(() => parseExpiry(b.expires as string, now));
    const created = await keyInput(() => createVirtualKey(deps.keys, deps.pepper, { ...b, trustUserHeader: b.trust_user_header, expiresAt }, now));
    callOf(req).change = { change: 'key.create', key: created.record };
    reply.code(201);
    return created;
  });
  app.get('/admin/keys/:id', async (req) => {
    const rec = await deps.keys.get(parse(idParams, req.params).id);
    if (!rec) throw new GatewayError('not_found', 'No such key.');
    return publicKey(rec);
  });
  app.delete('/admin/keys/:id', async (req) => {
    const { id } = parse(idParams, req.params);
    if (!(await deps.keys.revoke(id, new Date(deps.now())))) throw new GatewayError('not_found', `No active key ${id}.`);
    callOf(req).change = { change: 'key.revoke', keyId: id };
    return { id, revoked: true };
  });

  app.get('/admin/kill-switches', async () => ({ switches: await deps.killStore.list() }));
  app.put('/admin/kill-switches', async (req) => {
    const b = parse(killBody, req.body ?? {});
    const k = killScope(b.scope, b.id);
    const sw = await deps.killStore.set(k.scope, k.id, b.reason ?? null, new Date(deps.now()));
    callOf(req).change = { change: 'kill.set', scope: sw.scope, id: sw.id, reason: sw.reason };
    return sw;
  });
  const clearKill = async (req: FastifyRequest) => {
    const p = parse(z.object({ scope: z.string(), id: z.string().optional() }), req.params);
    const k = killScope(p.scope, p.id);
    if (!(await deps.killStore.clear(k.scope, k.id))) throw new GatewayError('not_found', `No kill switch ${k.scope}/${k.id}.`);
    callOf(req).change = { change: 'kill.clear', scope: k.scope, id: k.id };
    return { ...k, cleared: true };
  };
  app.delete('/admin/kill-switches/:scope', clearKill);
  app.delete('/admin/kill-switches/:scope/:id', clearKill);

  const record = (req: FastifyRequest, change: Record<string, unknown>) => {
    callOf(req).change = change;
  };
  approvalRoutes(app, deps.approvals, record);
  reviewRoutes(app, { review: deps.review, audit: deps.audit, now: deps.now }, record);
  if (deps.retrieval !== undefined) documentRoutes(app, deps.retrieval, record);

  app.get('/admin/audit', async (req) => auditPage(deps.audit, toAuditQuery(parse(auditQuery, req.query))));
  app.get('/admin/audit/verify', async (req) => {
    const q = parse(verifyQuery, req.query);
    return deps.audit.verify(q.expect_count === undefined ? undefined : { count: q.expect_count, head: q.expect_head });
  });
  // What an outside system polls and keeps: a later verify against it reveals any truncation.
  app.get('/admin/audit/head', async () => deps.audit.head());
  app.get('/admin/audit/:id', async (req) => {
    const rec = await deps.audit.get(parse(idParams, req.params).id);
    if (!rec) throw new GatewayError('not_found', 'No audit record for that request id.');
    return rec;
  });
}

function auditorApi(app: FastifyInstance, deps: AdminDeps): void {
  auditCalls(app, deps, 'audit-api');
  app.addHook('preHandler', async (req) => {
    const auth = await deps.authenticate(req.headers);
    if (!auth.ok) throw GatewayError.fromAdmission(auth);
    const call = callOf(req);
    call.caller = 'tenant';
    call.identity = auth.identity;
    if (!auth.identity.roles.includes(AUDITOR_ROLE)) {
      throw new GatewayError('permission_denied', `Reading audit records needs a key with the "${AUDITOR_ROLE}" role.`);
    }
  });

  app.get('/v1/audit', async (req) => {
    const q = parse(auditQuery.omit({ tenant: true }), req.query);
    return auditPage(deps.audit, { ...toAuditQuery(q), tenant: auditorTenant(req) });
  });
  app.get('/v1/audit/:id', async (req) => {
    const rec = await deps.audit.get(parse(idParams, req.params).id);
    // Another tenant's record answers exactly like a missing one, so ids cannot be probed across tenants.
    if (!rec || rec.identity?.tenant !== auditorTenant(req)) throw new GatewayError('not_found', 'No audit record for that request id.');
    return rec;
  });
}
