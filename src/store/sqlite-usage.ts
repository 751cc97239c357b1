import type { UsageStore } from './interfaces.js';
import { asRow, num, type SqliteDb } from './sqlite.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS usage_counters (
  scope TEXT NOT NULL,
  id TEXT NOT NULL,
  period TEXT NOT NULL,
  tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, id, period)
);
`;

/**
 * Token and cost counters that survive restarts, so a restart never resets a daily or monthly budget.
 * Writes are buffered and committed together at most FLUSH_MS later (one transaction, one WAL write, for
 * every request that finished meanwhile: a commit per request would cost a system call each); reads add the
 * unflushed deltas, and flush() commits them. A crash loses at most FLUSH_MS of counts.
 */
const FLUSH_MS = 100;

export function createSqliteUsageStore(db: SqliteDb): UsageStore {
  db.exec(SCHEMA);
  const get = db.prepare('SELECT tokens, cost_usd FROM usage_counters WHERE scope = ? AND id = ? AND period = ?');
  const add = db.prepare(
    `INSERT INTO usage_counters (scope, id, period, tokens, cost_usd) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (scope, id, period) DO UPDATE SET tokens = tokens + excluded.tokens, cost_usd = cost_usd + excluded.cost_usd`,
  );
  type Delta = { scope: string; id: string; period: string; tokens: number; costUsd: number };
  let pending = new Map<string, Delta>();
  let timer: NodeJS.Timeout | undefined;
  const keyOf = (scope: string, id: string, period: string) => `${scope}\u0000${id}\u0000${period}`;
  const write = db.transaction((deltas: Iterable<Delta>) => {
    for (const d of deltas) add.run(d.scope, d.id, d.period, d.tokens, d.costUsd);
  });
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    write.immediate(batch.values());
  };
  return {
    async get(scope, id, period) {
      const row = asRow(get.get(scope, id, period));
      const p = pending.get(keyOf(scope, id, period));
      return {
        tokens: (row ? num(row, 'tokens') : 0) + (p?.tokens ?? 0),
        costUsd: (row ? num(row, 'cost_usd') : 0) + (p?.costUsd ?? 0),
      };
    },
    async add(scope, id, periods, tokens, costUsd) {
      const t = Math.max(0, Math.round(tokens));
      const c = Math.max(0, costUsd);
      for (const period of periods) {
        const k = keyOf(scope, id, period);
        const d = pending.get(k);
        if (d) {
          d.tokens += t;
          d.costUsd += c;
        } else {
          pending.set(k, { scope, id, period, tokens: t, costUsd: c });
        }
      }
      if (timer === undefined) {
        timer = setTimeout(() => {
          timer = undefined;
          try {
            flush();
          } catch (err) {
            process.stderr.write(`warden: usage counters not saved: ${err instanceof Error ? err.message : String(err)}\n`);
          }
        }, FLUSH_MS);
        timer.unref();
      }
    },
    async flush() {
      flush();
    },
  };
}
