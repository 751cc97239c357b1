import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStores } from '../../src/gateway/backends/sqlite.js';

/** A data dir with its SQLite state stores; `reopen` is a second connection, as another process has. */
export function sqliteApprovals() {
  const dir = mkdtempSync(join(tmpdir(), 'warden-approvals-'));
  const opened: Array<ReturnType<typeof openSqliteStores>> = [];
  const open = () => {
    const s = openSqliteStores(dir);
    opened.push(s);
    return s;
  };
  return {
    dir,
    stores: open(),
    reopen: open,
    dispose() {
      for (const s of opened.splice(0)) s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
