import { timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AdminCall, AuditQuery, AuditStore, Identity } from '../spec/gateway.js';
import { KILL_SCOPES, type KeyStore, type KillSwitchStore } from '../store/interfaces.js';
import { adminCallEntry, type AdminOperator } from './admin-audit.js';
import { credentialOf, type AuthResult, type Headers } from './identity/authenticate.js';
import { createVirtualKey, publicKey } from './identity/key-admin.js';
import { keyIdOf, parseExpiry } from './identity/keys.js';
import { elapsedMs } from './recorder.js';

export interface AdminDeps {
  keys: KeyStore;
  killStore: KillSwitchStore;
  audit: AuditStore;
  authenticate: (headers: Headers) => Promise<AuthResult>;
  pepper: string;
  adminTokenEnv: string;
  now: () => number;
}

/** Role a tenant key needs to read its own tenant's audit records at /v1/audit. */
export const AUDITOR_ROLE = 'auditor';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

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
const idParams = z.object({ id: z.string().min(1) });
const verifyQuery = z
  .strictObject({
    expect_count: z.coerce.number().int().min(0).optional(),
    expect_head: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .refine((q) => q.expect_head === undefined || q.expect_count !== undefined, { message: 'expect_head needs expect_count' });

function jsonBody(raw: unknown): unknown {
  if (Buffer.isBuffer(raw)) raw = raw.toString('utf8');
  if (typeof raw !== 'string') return raw ?? {};
  try {
    return raw.length === 0 ? {} : JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'invalid_json', 'Request body is not valid JSON.');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, 'invalid_request', z.prettifyError(r.error));
  return r.data;
}

function killScope(scope: string | undefined, id: string | undefined) {
  const s = parse(killBody.shape.scope, scope);
  const scopeId = s === 'global' ? '*' : id;
  if (scopeId === undefined) throw new HttpError(400, 'invalid_request', `Kill switch scope "${s}" needs an id.`);
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

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What a call's audit record needs to know, filled in as the call is authorised and handled. */
interface CallState {
  caller: AdminCall['caller'];
  identity?: Identity;
  change?: Record<string, unknown>;
}

/** The tenant an audit read is confined to; never "all tenants" by omission. */
function auditorTenant(call: CallState): string {
  if (call.identity === undefined) throw new Error('audit read reached its handler without an authorised identity');
  return call.identity.tenant;
}

type Handler = (req: FastifyRequest, reply: FastifyReply, call: CallState) => Promise<unknown>;

/** Anything but an HttpError is logged and answered without its message (no internals in a 5xx). */
function toHttpError(err: unknown, req: FastifyRequest): HttpError {
  if (err instanceof HttpError) return err;
  req.log.error({ err, requestId: req.id }, 'admin call failed');
  return new HttpError(500, 'internal_error', 'Internal error; see the gateway log for the request id.');
}

function send(reply: FastifyReply, e: HttpError): FastifyReply {
  const type = e.status === 401 ? 'authentication_error' : e.status === 403 ? 'permission_error' : e.status >= 500 ? 'api_error' : 'invalid_request_error';
  return reply.code(e.status).send({ error: { message: e.message, type, code: e.code } });
}

/**
 * /admin/* (keys, kill switches, audit) behind the admin bearer token, and /v1/audit for tenant keys with
 * the `auditor` role, which only ever see their own tenant's records.
 */
export function registerAdmin(app: FastifyInstance, deps: AdminDeps): void {
  const requireAdmin = async (req: FastifyRequest, call: CallState) => {
    const token = process.env[deps.adminTokenEnv];
    if (token === undefined || token.length === 0) {
      throw new HttpError(403, 'admin_disabled', `Admin API disabled: set the ${deps.adminTokenEnv} environment variable on the gateway.`);
    }
    const m = /^Bearer[ \t]{1,16}(\S{1,4096})$/i.exec(req.headers.authorization ?? '');
    if (!m || !sameSecret(m[1] ?? '', token)) throw new HttpError(401, 'invalid_admin_token', 'Invalid or missing admin token (Authorization: Bearer <admin token>).');
    call.caller = 'admin-token';
  };
  const requireAuditor = async (req: FastifyRequest, call: CallState) => {
    const auth = await deps.authenticate(req.headers);
    if (!auth.ok) throw new HttpError(auth.status, auth.code, auth.message);
    call.caller = 'tenant';
    call.identity = auth.identity;
    if (!auth.identity.roles.includes(AUDITOR_ROLE)) {
      throw new HttpError(403, 'permission_denied', `Reading audit records needs a key with the "${AUDITOR_ROLE}" role.`);
    }
  };

  /**
   * Authorises and runs a handler, then writes the call's one audit record, allowed or refused. A call
   * whose record cannot be written is answered 500: no unaudited reads, and the operator learns of it.
   */
  const audited = (operator: AdminOperator, authorise: (req: FastifyRequest, call: CallState) => Promise<void>, handler: Handler) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const startedAt = performance.now();
      const call: CallState = { caller: 'unauthenticated' };
      let result: unknown;
      let failure: HttpError | undefined;
      try {
        await authorise(req, call);
        result = await handler(req, reply, call);
      } catch (err) {
        failure = toHttpError(err, req);
      }
      const presented = call.caller === 'unauthenticated' ? keyIdOf(credentialOf(req.headers) ?? '') : undefined;
      const entry = adminCallEntry({
        requestId: req.id,
        at: new Date(deps.now()),
        route: `${req.method} ${req.routeOptions.url ?? req.url}`,
        operator,
        admin: { caller: call.caller, remoteAddress: req.ip, presentedKeyId: presented },
        identity: call.identity,
        status: failure?.status ?? reply.statusCode,
        errorCode: failure?.code,
        params: req.params,
        query: req.query,
        change: call.change,
        totalMs: elapsedMs(startedAt),
      });
      try {
        await deps.audit.append(entry);
      } catch (err) {
        req.log.error({ err, requestId: req.id }, 'writing the audit record of an admin call failed');
        failure ??= new HttpError(500, 'audit_unavailable', 'The call could not be recorded in the audit log; see the gateway log for the request id.');
      }
      return failure === undefined ? result : send(reply, failure);
    };
  const admin = (handler: Handler) => audited('admin-api', requireAdmin, handler);
  const auditRead = (handler: Handler) => audited('audit-api', requireAuditor, handler);

  app.get('/admin/keys', admin(async (req) => {
    const q = parse(z.object({ tenant: z.string().optional() }), req.query);
    return { keys: (await deps.keys.list({ tenant: q.tenant })).map(publicKey) };
  }));
  app.post('/admin/keys', admin(async (req, reply, call) => {
    const b = parse(createKeyBody, jsonBody(req.body));
    const now = new Date(deps.now());
    let expiresAt: Date | null;
    let created: Awaited<ReturnType<typeof createVirtualKey>>;
    try {
      expiresAt = b.expires === undefined ? null : parseExpiry(b.expires, now);
    } catch (err) {
      throw new HttpError(400, 'invalid_request', err instanceof Error ? err.message : String(err));
    }
    try {
      created = await createVirtualKey(deps.keys, deps.pepper, { ...b, trustUserHeader: b.trust_user_header, expiresAt }, now);
    } catch (err) {
      throw new HttpError(400, 'invalid_request', err instanceof Error ? err.message : String(err));
    }
    call.change = { change: 'key.create', key: created.record };
    reply.code(201);
    return created;
  }));
  app.get('/admin/keys/:id', admin(async (req) => {
    const rec = await deps.keys.get(parse(idParams, req.params).id);
    if (!rec) throw new HttpError(404, 'not_found', 'No such key.');
    return publicKey(rec);
  }));
  app.delete('/admin/keys/:id', admin(async (req, _reply, call) => {
    const { id } = parse(idParams, req.params);
    if (!(await deps.keys.revoke(id, new Date(deps.now())))) throw new HttpError(404, 'not_found', `No active key ${id}.`);
    call.change = { change: 'key.revoke', keyId: id };
    return { id, revoked: true };
  }));

  app.get('/admin/kill-switches', admin(async () => ({ switches: await deps.killStore.list() })));
  app.put('/admin/kill-switches', admin(async (req, _reply, call) => {
    const b = parse(killBody, jsonBody(req.body));
    const k = killScope(b.scope, b.id);
    const sw = await deps.killStore.set(k.scope, k.id, b.reason ?? null, new Date(deps.now()));
    call.change = { change: 'kill.set', scope: sw.scope, id: sw.id, reason: sw.reason };
    return sw;
  }));
  const clearKill = admin(async (req, _reply, call) => {
    const p = parse(z.object({ scope: z.string(), id: z.string().optional() }), req.params);
    const k = killScope(p.scope, p.id);
    if (!(await deps.killStore.clear(k.scope, k.id))) throw new HttpError(404, 'not_found', `No kill switch ${k.scope}/${k.id}.`);
    call.change = { change: 'kill.clear', scope: k.scope, id: k.id };
    return { ...k, cleared: true };
  });
  app.delete('/admin/kill-switches/:scope', clearKill);
  app.delete('/admin/kill-switches/:scope/:id', clearKill);

  app.get('/admin/audit', admin(async (req) => auditPage(deps.audit, toAuditQuery(parse(auditQuery, req.query)))));
  app.get('/admin/audit/verify', admin(async (req) => {
    const q = parse(verifyQuery, req.query);
    return deps.audit.verify(q.expect_count === undefined ? undefined : { count: q.expect_count, head: q.expect_head });
  }));
  // What an outside system polls and keeps: a later verify against it reveals any truncation.
  app.get('/admin/audit/head', admin(async () => deps.audit.head()));
  app.get('/admin/audit/:id', admin(async (req) => {
    const rec = await deps.audit.get(parse(idParams, req.params).id);
    if (!rec) throw new HttpError(404, 'not_found', 'No audit record for that request id.');
    return rec;
  }));

  app.get('/v1/audit', auditRead(async (req, _reply, call) => {
    const q = parse(auditQuery.omit({ tenant: true }), req.query);
    return auditPage(deps.audit, { ...toAuditQuery(q), tenant: auditorTenant(call) });
  }));
  app.get('/v1/audit/:id', auditRead(async (req, _reply, call) => {
    const rec = await deps.audit.get(parse(idParams, req.params).id);
    // Another tenant's record answers exactly like a missing one, so ids cannot be probed across tenants.
    if (!rec || rec.identity?.tenant !== auditorTenant(call)) throw new HttpError(404, 'not_found', 'No audit record for that request id.');
    return rec;
  }));
}
