/**
 * Red-team reports (`warden redteam` JSON files) read from `gateway.dashboard.reports_dir`, when it exists; the
 * page says "none yet" otherwise. Only `.json` files directly in that directory are listed, by name, so no path
 * from a request reaches the file system. Reports are not per tenant: operators of every tenant only.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parse } from '../gateway/admin-input.js';
import { GatewayError } from '../gateway/errors.js';
import type { DashboardDeps } from './deps.js';
import { operatorOf } from './request-state.js';
import { requireAllTenants } from './scope.js';

const MAX_REPORT_BYTES = 20 * 1024 * 1024;
const MAX_LISTED = 200;
const fileParams = z.strictObject({ file: z.string().regex(/^[A-Za-z0-9._-]{1,200}\.json$/, 'a report file name ending in .json') });

interface ReportEntry {
  file: string;
  bytes: number;
  modified: string;
}

async function listReports(dir: string): Promise<ReportEntry[] | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const out: ReportEntry[] = [];
  for (const file of names.filter((n) => fileParams.shape.file.safeParse(n).success)) {
    const s = await stat(join(dir, file));
    if (s.isFile()) out.push({ file, bytes: s.size, modified: s.mtime.toISOString() });
  }
  return out.sort((a, b) => b.modified.localeCompare(a.modified)).slice(0, MAX_LISTED);
}

export function reportRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  const dir = resolve(deps.config.reports_dir);

  app.get('/dashboard/api/reports', async (req) => {
    requireAllTenants(operatorOf(req), 'Red-team reports');
    const reports = await listReports(dir);
    return { dir, exists: reports !== null, reports: reports ?? [] };
  });

  app.get('/dashboard/api/reports/:file', async (req) => {
    requireAllTenants(operatorOf(req), 'Red-team reports');
    const { file } = parse(fileParams, req.params);
    const listed = (await listReports(dir))?.find((r) => r.file === file);
    if (listed === undefined) throw new GatewayError('not_found', `No report ${file} in ${dir}.`);
    if (listed.bytes > MAX_REPORT_BYTES) throw new GatewayError('invalid_request', `Report ${file} is larger than ${MAX_REPORT_BYTES} bytes.`);
    try {
      return { file, report: JSON.parse(await readFile(join(dir, file), 'utf8')) as unknown };
    } catch (err) {
      if (err instanceof SyntaxError) throw new GatewayError('invalid_request', `Report ${file} is not valid JSON: ${err.message}`);
      throw err;
    }
  });
}
