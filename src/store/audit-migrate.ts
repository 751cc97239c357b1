/**
 * Data dirs written before the audit log got its own file kept it in warden.db. The first open of such a dir
 * moves the records, the chain anchor and the highest issued sequence number into audit.db unchanged (hashes
 * cover seq and body only, so the chain still verifies) and drops the old tables, in one transaction.
 */
import { join, resolve } from 'node:path';
import { AUDIT_DB_FILE, DB_FILE, openDatabase, type SqliteDb } from './sqlite.js';
import { AUDIT_SCHEMA } from './sqlite-audit.js';

function hasTable(db: SqliteDb, schema: string, name: string): boolean {
  return db.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

/** Returns how many records were moved (0 when there was nothing to move). */
export function migrateLegacyAudit(dataDir: string): number {
  const dir = resolve(dataDir);
  const db = openDatabase(dir, AUDIT_DB_FILE);
  try {
    db.exec(AUDIT_SCHEMA);
    db.prepare('ATTACH DATABASE ? AS legacy').run(join(dir, DB_FILE));
    try {
      if (!hasTable(db, 'legacy', 'audit')) return 0;
      return db.transaction((): number => {
        if (db.prepare('SELECT 1 FROM main.audit LIMIT 1').get() !== undefined) {
          throw new Error(
            `${join(dir, DB_FILE)} still holds an audit table from an older version, and ${join(dir, AUDIT_DB_FILE)} already has records: ` +
              'move or remove one of them by hand (the two chains cannot be merged)',
          );
        }
        const moved = db.prepare('INSERT INTO main.audit SELECT * FROM legacy.audit ORDER BY seq').run().changes;
        if (hasTable(db, 'legacy', 'audit_meta')) {
          db.exec('INSERT OR REPLACE INTO main.audit_meta SELECT * FROM legacy.audit_meta');
          db.exec('DROP TABLE legacy.audit_meta');
        }
        // Keeps "removed newest records" detectable: the highest seq ever issued, not just the highest kept.
        const issued = db.prepare("SELECT seq FROM legacy.sqlite_sequence WHERE name = 'audit'").pluck().get();
        if (typeof issued === 'number') {
          db.prepare("DELETE FROM main.sqlite_sequence WHERE name = 'audit'").run();
          db.prepare("INSERT INTO main.sqlite_sequence (name, seq) VALUES ('audit', ?)").run(issued);
        }
        db.exec('DROP TABLE legacy.audit');
        return moved;
      })();
    } finally {
      db.exec('DETACH DATABASE legacy');
    }
  } finally {
    db.close();
  }
}
