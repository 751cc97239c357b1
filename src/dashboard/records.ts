/**
 * Requests as the audit log recorded them: a filtered list (newest first), one request's full context, and its
 * replay against the policy in force (audit/replay.ts, as `warden audit replay`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { replayRecord } from '../audit/replay.js';
import { idParams, parse } from '../gateway/admin-input.js';
import type { AuditRecord } from '../spec/gateway.js';
import type { DashboardDeps } from './deps.js';
import { operatorOf } from './request-state.js';
import { listTenant, visibleOr404 } from './scope.js';
import { isTraffic, matches, summarize, type RecordFilter, type RecordSummary } from './summary.js';

const filterFields = {
  tenant: z.string().min(1).max(256).optional(),
  key: z.string().min(1).max(256).optional(),
  rule: z.string().min(1).max(256).optional(),
  action: z.enum(['allow', 'flag', 'redact', 'block', 'error']).optional(),
};

export const feedQuery = z.strictObject(filterFields);

const listQuery = z.strictObject({
  ...filterFields,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^[1-9][0-9]{0,14}$/).optional(),
});

/** Pages read at most per list call when a rule filter (applied here, not in the store) discards records. */
const MAX_PAGES = 10;

export function recordRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  const { audit } = deps.admin;

  app.get('/dashboard/api/records', async (req) => {
    const q = parse(listQuery, req.query);
    const filter: RecordFilter = { tenant: listTenant(operatorOf(req), q.tenant), key: q.key, rule: q.rule, action: q.action };
    const found: RecordSummary[] = [];
    let beforeSeq = q.cursor === undefined ? undefined : Number(q.cursor);
    let exhausted = false;
    for (let page = 0; page < MAX_PAGES && found.length < q.limit && !exhausted; page++) {
      const batch = await audit.query({ tenant: filter.tenant, keyId: filter.key, action: filter.action, limit: q.limit, beforeSeq });
      exhausted = batch.length < q.limit;
      for (const rec of batch) {
        beforeSeq = rec.seq;
        const s = summarize(rec);
        if (isTraffic(rec) && matches(s, filter) && found.length < q.limit) found.push(s);
      }
    }
    return { records: found, next_cursor: exhausted || beforeSeq === undefined ? null : String(beforeSeq) };
  });

  const visibleRecord = async (req: FastifyRequest): Promise<AuditRecord> => {
    const rec = await audit.get(parse(idParams, req.params).id);
    return visibleOr404(operatorOf(req), rec !== undefined && isTraffic(rec) ? rec : undefined, (r) => r.identity?.tenant, 'request');
  };

  app.get('/dashboard/api/records/:id', { config: { auditRead: true } }, async (req) => visibleRecord(req));

  app.get('/dashboard/api/records/:id/replay', async (req) => replayRecord(await visibleRecord(req), deps.warden));
}
