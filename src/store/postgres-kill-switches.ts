import type pg from 'pg';
import { KILL_SCOPES, type KillScope, type KillSwitch, type KillSwitchStore } from './interfaces.js';

interface SwitchRow {
  scope: string;
  id: string;
  reason: string | null;
  created_at: string;
}

function isScope(v: string): v is KillScope {
  return (KILL_SCOPES as readonly string[]).includes(v);
}

function toSwitch(r: SwitchRow): KillSwitch | undefined {
  return isScope(r.scope) ? { scope: r.scope, id: r.id, reason: r.reason, createdAt: r.created_at } : undefined;
}

/**
 * Kill switches in PostgreSQL. A trigger bumps `kill_revision` on every change, whoever makes it, so
 * `revision()` is one primary-key read; concurrent callers share the read in flight, so under load it costs
 * one query per round trip, not one per request, and a change is seen by every replica on its next request.
 */
export function createPostgresKillSwitchStore(pool: pg.Pool): KillSwitchStore {
  let inFlight: Promise<string> | undefined;
  const readRevision = async () => {
    const { rows } = await pool.query<{ rev: string }>('SELECT rev FROM kill_revision WHERE id = 1');
    return rows[0]?.rev ?? '0';
  };
  return {
    async list() {
      const { rows } = await pool.query<SwitchRow>('SELECT * FROM kill_switches ORDER BY scope, id');
      return rows.map(toSwitch).filter((s): s is KillSwitch => s !== undefined);
    },
    async set(scope, id, reason, at) {
      const { rows } = await pool.query<SwitchRow>(
        `INSERT INTO kill_switches (scope, id, reason, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (scope, id) DO UPDATE SET reason = excluded.reason RETURNING *`,
        [scope, id, reason, at.toISOString()],
      );
      const sw = rows[0] === undefined ? undefined : toSwitch(rows[0]);
      if (!sw) throw new Error(`kill switch ${scope}/${id} was not stored`);
      return sw;
    },
    async clear(scope, id) {
      const r = await pool.query('DELETE FROM kill_switches WHERE scope = $1 AND id = $2', [scope, id]);
      return (r.rowCount ?? 0) > 0;
    },
    revision() {
      inFlight ??= readRevision().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
