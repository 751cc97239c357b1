/**
 * The embedded stores for a library user: approvals in `<dataDir>/warden.db` and the audit log in
 * `<dataDir>/audit.db`, the files the gateway and the CLI use, so `warden approvals approve` and
 * `warden audit verify --data-dir` work on an application's tool calls as on the gateway's.
 */
import { join, resolve } from 'node:path';
import type { ApprovalStore } from '../spec/approvals.js';
import type { AuditStore } from '../spec/gateway.js';
import { createWorkerAuditStore } from '../store/audit-worker.js';
import { createSqliteApprovalStore } from '../store/sqlite-approvals.js';
import { AUDIT_DB_FILE, openDatabase } from '../store/sqlite.js';

export interface LibraryStores {
  approvals: ApprovalStore;
  /** Written from a worker thread with PII and secrets redacted at rest, as the gateway's. */
  audit: AuditStore;
  /** Flushes the audit log and closes both databases. */
  close(): Promise<void>;
}

export async function openLibraryStores(dataDir: string, opts: { hmacKey?: string } = {}): Promise<LibraryStores> {
  const dir = resolve(dataDir);
  const db = openDatabase(dir);
  try {
    const approvals = createSqliteApprovalStore(db);
    const audit = await createWorkerAuditStore(join(dir, AUDIT_DB_FILE), { hmacKey: opts.hmacKey, redactAtRest: true });
    return {
      approvals,
      audit,
      async close() {
        await audit.close();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
