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

/** Token and cost counters that survive restarts, so a restart never resets a daily or monthly budget. */
export function createSqliteUsageStore(db: SqliteDb): UsageStore {
  db.exec(SCHEMA);
  const get = db.prepare('SELECT tokens, cost_usd FROM usage_counters WHERE scope = ? AND id = ? AND period = ?');
  const add = db.prepare(
    `INSERT INTO usage_counters (scope, id, period, tokens, cost_usd) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (scope, id, period) DO UPDATE SET tokens = tokens + excluded.tokens, cost_usd = cost_usd + excluded.cost_usd`,
  );
  const addAll = db.transaction((scope: string, id: string, periods: readonly string[], tokens: number, cost: number) => {
    for (const p of periods) add.run(scope, id, p, tokens, cost);
  });
  return {
    async get(scope, id, period) {
      const row = asRow(get.get(scope, id, period));
      return row ? { tokens: num(row, 'tokens'), costUsd: num(row, 'cost_usd') } : { tokens: 0, costUsd: 0 };
    },
    async add(scope, id, periods, tokens, costUsd) {
      addAll(scope, id, periods, Math.max(0, Math.round(tokens)), Math.max(0, costUsd));
    },
  };
}
