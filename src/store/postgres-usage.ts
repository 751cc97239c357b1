import type pg from 'pg';
import type { UsageStore } from './interfaces.js';

/**
 * How long counts wait to share one write. Replicas each add their own deltas atomically
 * (`tokens = tokens + $n`), so none overwrites another's; a replica's reads add its own unwritten deltas,
 * and the others see them at most FLUSH_MS later.
 */
const FLUSH_MS = 100;

interface Delta {
  scope: string;
  id: string;
  period: string;
  tokens: number;
  costUsd: number;
}

const keyOf = (scope: string, id: string, period: string) => `${scope}\u0000${id}\u0000${period}`;

/** Token and cost counters per scope and period in PostgreSQL (usage_counters, migration 1). */
export function createPostgresUsageStore(pool: pg.Pool, warn: (m: string) => void = (m) => process.stderr.write(`warden: ${m}\n`)): UsageStore {
  let pending = new Map<string, Delta>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = async (batch: Map<string, Delta>) => {
    const ds = [...batch.values()];
    // One statement for the whole batch: unnest of parallel arrays, each row an atomic increment.
    await pool.query(
      `INSERT INTO usage_counters (scope, id, period, tokens, cost_usd)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::float8[])
       ON CONFLICT (scope, id, period) DO UPDATE SET tokens = usage_counters.tokens + excluded.tokens,
         cost_usd = usage_counters.cost_usd + excluded.cost_usd`,
      [ds.map((d) => d.scope), ds.map((d) => d.id), ds.map((d) => d.period), ds.map((d) => d.tokens), ds.map((d) => d.costUsd)],
    );
  };
  const merge = (k: string, d: Delta) => {
    const p = pending.get(k);
    if (p) {
      p.tokens += d.tokens;
      p.costUsd += d.costUsd;
    } else pending.set(k, { ...d });
  };
  const schedule = () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      flush().catch((err: unknown) => warn(`usage counters not saved yet (retrying): ${err instanceof Error ? err.message : String(err)}`));
    }, FLUSH_MS);
    timer.unref();
  };
  /** Writes what is pending, one write at a time; on failure the deltas go back into pending and are retried. */
  const flush = async (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    await writing;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    const done = write(batch);
    writing = done.catch(() => undefined);
    try {
      await done;
    } catch (err) {
      for (const [k, d] of batch) merge(k, d);
      schedule();
      throw err;
    }
  };
  return {
    async get(scope, id, period) {
      const { rows } = await pool.query<{ tokens: string; cost_usd: number }>(
        'SELECT tokens, cost_usd FROM usage_counters WHERE scope = $1 AND id = $2 AND period = $3',
        [scope, id, period],
      );
      const p = pending.get(keyOf(scope, id, period));
      return { tokens: Number(rows[0]?.tokens ?? 0) + (p?.tokens ?? 0), costUsd: (rows[0]?.cost_usd ?? 0) + (p?.costUsd ?? 0) };
    },
    async add(scope, id, periods, tokens, costUsd) {
      const t = Math.max(0, Math.round(tokens));
      const c = Math.max(0, costUsd);
      for (const period of periods) merge(keyOf(scope, id, period), { scope, id, period, tokens: t, costUsd: c });
      schedule();
    },
    flush,
  };
}
