/**
 * The policy in force (its merged document and source files), whether the file on disk still validates and still
 * matches it, a check of a candidate YAML with positioned errors (never applied), and the "try it" box: text run
 * through the policy in force at a stage, for a tenant, returning the decision and the findings with their spans.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PolicyError, type PolicyIssue } from '../core/errors.js';
import type { PolicyDocument } from '../core/policy-types.js';
import { parse } from '../gateway/admin-input.js';
import { verdictJson } from '../gateway/routes/guard.js';
import { loadGatewayConfig, parseGatewayConfig } from '../gateway/config.js';
import { STAGES } from '../spec/types.js';
import type { DashboardDeps } from './deps.js';
import { operatorOf } from './request-state.js';
import { listTenant, requireAllTenants } from './scope.js';
import type { Operator } from './session.js';

const MAX_TRY_CHARS = 1_048_576;
const tryBody = z.strictObject({
  text: z.string().min(1).max(MAX_TRY_CHARS),
  stage: z.enum(STAGES as unknown as [string, ...string[]]).default('input'),
  tenant: z.string().min(1).max(256).optional(),
});
const candidateBody = z.strictObject({ yaml: z.string().min(1).max(1_048_576) });

type Check = { ok: true } | { ok: false; issues: readonly PolicyIssue[] };

function check(fn: () => unknown): Check {
  try {
    fn();
    return { ok: true };
  } catch (err) {
    if (err instanceof PolicyError) return { ok: false, issues: err.issues };
    return { ok: false, issues: [{ file: '', path: '', message: err instanceof Error ? err.message : String(err) }] };
  }
}

/** The document an operator may read: a tenant operator sees the base layers and its own tenant's overlay only. */
function visibleDocument(doc: PolicyDocument, op: Operator): PolicyDocument {
  if (op.tenant === null) return doc;
  const own = doc.tenants?.[op.tenant];
  return { ...doc, tenants: own === undefined ? {} : { [op.tenant]: own } };
}

export function policyRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  const loaded = deps.warden.policy;
  const file = loaded.sources.at(-1);
  const onDisk = file !== undefined && file !== '<inline>' && existsSync(file) ? file : undefined;

  app.get('/dashboard/api/policy', async (req) => {
    const op = operatorOf(req);
    let disk: (Check & { file: string; matches?: boolean }) | null = null;
    if (onDisk !== undefined) {
      let current: PolicyDocument | undefined;
      const c = check(() => (current = loadGatewayConfig(onDisk).policy.document));
      disk = { ...c, file: onDisk, ...(current === undefined ? {} : { matches: JSON.stringify(current) === JSON.stringify(loaded.document) }) };
      if (!disk.ok && op.tenant !== null) disk = { ok: false, file: onDisk, issues: [{ file: onDisk, path: '', message: 'the file on disk no longer validates; an operator of every tenant sees the errors' }] };
    }
    return { sources: op.tenant === null ? loaded.sources : [], document: visibleDocument(loaded.document, op), disk };
  });

  // Reads files named by `extends`, so only operators of every tenant may check a candidate.
  app.post('/dashboard/api/policy/check', async (req) => {
    requireAllTenants(operatorOf(req), 'Checking a candidate policy');
    const { yaml } = parse(candidateBody, req.body ?? {});
    const name = onDisk === undefined ? 'candidate.yaml' : join(dirname(onDisk), 'candidate.yaml');
    return check(() => parseGatewayConfig(yaml, name));
  });

  app.post('/dashboard/api/try', async (req) => {
    const b = parse(tryBody, req.body ?? {});
    const tenant = listTenant(operatorOf(req), b.tenant);
    const ctx = tenant === undefined ? {} : { tenant };
    const r = b.stage === 'input' ? await deps.warden.scanInputAsync(b.text, ctx) : await deps.warden.scanAsync(b.text, b.stage as (typeof STAGES)[number], ctx);
    return verdictJson(r);
  });
}
