import { KILL_SCOPES, type KillScope, type KillSwitch, type KillSwitchStore } from './interfaces.js';
import { asRow, str, strOrNull, type SqliteDb } from './sqlite.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kill_switches (
  scope TEXT NOT NULL,
  id TEXT NOT NULL,
  reason TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (scope, id)
);
`;

function isScope(v: string): v is KillScope {
  return (KILL_SCOPES as readonly string[]).includes(v);
}

function toSwitch(raw: unknown): KillSwitch | undefined {
  const row = asRow(raw);
  if (!row) return undefined;
  const scope = str(row, 'scope');
  if (!isScope(scope)) return undefined;
  return { scope, id: str(row, 'id'), reason: strOrNull(row, 'reason'), createdAt: str(row, 'created_at') };
}

/**
 * Kill switches in SQLite. `revision()` combines SQLite's data_version (bumped when another connection,
 * e.g. the CLI, commits) with a counter of this connection's own writes, which data_version does not see.
 */
export function createSqliteKillSwitchStore(db: SqliteDb): KillSwitchStore {
  db.exec(SCHEMA);
  const all = db.prepare('SELECT * FROM kill_switches ORDER BY scope, id');
  const upsert = db.prepare(
    `INSERT INTO kill_switches (scope, id, reason, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (scope, id) DO UPDATE SET reason = excluded.reason`,
  );
  const get = db.prepare('SELECT * FROM kill_switches WHERE scope = ? AND id = ?');
  const del = db.prepare('DELETE FROM kill_switches WHERE scope = ? AND id = ?');
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let localWrites = 0;
  return {
    async list() {
      return all.all().map(toSwitch).filter((s): s is KillSwitch => s !== undefined);
    },
    async set(scope, id, reason, at) {
      upsert.run(scope, id, reason, at.toISOString());
      localWrites++;
      const sw = toSwitch(get.get(scope, id));
      if (!sw) throw new Error(`kill switch ${scope}/${id} was not stored`);
      return sw;
    },
    async clear(scope, id) {
      const changed = del.run(scope, id).changes > 0;
      if (changed) localWrites++;
      return changed;
    },
    async revision() {
      const v = dataVersion.get();
      return `${typeof v === 'number' || typeof v === 'bigint' ? String(v) : '0'}:${localWrites}`;
    },
  };
}

