import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { PRIVATE_FILE_MODE, ensurePrivateDir, ensurePrivateFile, tightenMode } from './file-modes.js';

export type SqliteDb = Database.Database;

/** File name of the gateway's database (keys, kill switches, budgets) inside the data dir. */
export const DB_FILE = 'warden.db';
/**
 * The audit log's own file: the gateway writes it from a worker thread, and a second writer on warden.db
 * would make the event loop's own writes (budgets) wait on SQLite's lock.
 */
export const AUDIT_DB_FILE = 'audit.db';

/**
 * Opens (creating if needed) `<dataDir>/warden.db` in WAL mode. The gateway and the CLI open the same
 * file, so changes made from the CLI are seen by the running gateway on its next request. The data dir
 * is kept 0700 (see file-modes.ts).
 */
export function openDatabase(dataDir: string, file: string = DB_FILE): SqliteDb {
  const dir = resolve(dataDir);
  try {
    ensurePrivateDir(dir);
  } catch (err) {
    throw new Error(`cannot create data dir ${dir}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return openFile(join(dir, file));
}

/**
 * Opens a database file (or `:memory:`) with the pragmas every store relies on. The file is created 0600
 * before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode.
 */
export function openFile(file: string): SqliteDb {
  let db: SqliteDb;
  try {
    if (file !== ':memory:') {
      ensurePrivateFile(file);
      for (const suffix of ['-wal', '-shm']) tightenMode(file + suffix, PRIVATE_FILE_MODE);
    }
    db = new Database(file);
  } catch (err) {
    throw new Error(`cannot open database ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode is durable across application crashes; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Rows come back untyped from SQLite; these narrowers keep `any` out of the stores. */
export function str(row: Record<string, unknown>, col: string): string {
  const v = row[col];
  if (typeof v !== 'string') throw new Error(`database column ${col} is not text: corrupt or foreign database`);
  return v;
}

export function strOrNull(row: Record<string, unknown>, col: string): string | null {
  const v = row[col];
  return typeof v === 'string' ? v : null;
}

export function num(row: Record<string, unknown>, col: string): number {
  const v = row[col];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new Error(`database column ${col} is not a number: corrupt or foreign database`);
}

export function asRow(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
}
