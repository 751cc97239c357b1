/**
 * The SQLite audit store's witness outside its table: writes checkpoints of the chain head to the checkpoint
 * file (every N records, every T ms, before a prune and on close), checks the chain against them and against
 * an expected head, and reports the head for outside systems to hold.
 */
import type { AuditExpectation, AuditHead, AuditWitnessCheck, AuditWitnessReport } from '../spec/gateway.js';
import { GENESIS_HASH, type ChainAnchor, type ChainHasher } from '../audit/chain.js';
import {
  checkCheckpoints,
  checkWitness,
  DEFAULT_CHECKPOINT_EVERY_MS,
  DEFAULT_CHECKPOINT_EVERY_RECORDS,
  type ChainPosition,
  type CheckpointSigner,
} from '../audit/checkpoint.js';
import { openCheckpointFile } from './audit-checkpoints.js';
import { asRow, num, str, type SqliteDb } from './sqlite.js';

export interface CheckpointSettings {
  /** Path of the checkpoint file. */
  file: string;
  /** Write a checkpoint after this many appended records (default 1000). */
  everyRecords?: number;
  /** And at least this often while records arrive (default 60 s). */
  everyMs?: number;
  /** Check the chain against the latest checkpoint on open and warn on a truncation (the gateway does). */
  checkOnOpen?: boolean;
}

interface WitnessDeps {
  db: SqliteDb;
  hasher: ChainHasher;
  signer: CheckpointSigner;
  anchor: () => ChainAnchor;
  /** Commits queued appends (the timer's checkpoint must cover them). */
  flush: () => void;
  warn: (message: string) => void;
  settings?: CheckpointSettings;
}

export interface Witness {
  /** Called after each committed batch. */
  appended(n: number): void;
  /** Writes a checkpoint of the current head if this store appended since its last one, or when `always`. */
  checkpoint(always?: boolean): void;
  report(expect?: AuditExpectation): AuditWitnessReport | undefined;
  head(): AuditHead;
  close(): void;
}

export function createWitness(deps: WitnessDeps): Witness {
  const { db, signer, settings } = deps;
  const stmt = {
    last: db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1'),
    hashAt: db.prepare('SELECT hash FROM audit WHERE seq = ?').pluck(),
    alg: db.prepare("SELECT value FROM audit_meta WHERE key = 'chain_alg'").pluck(),
  };
  const file = settings === undefined ? undefined : openCheckpointFile(settings.file);
  const everyRecords = settings?.everyRecords ?? DEFAULT_CHECKPOINT_EVERY_RECORDS;

  const current = (): ChainAnchor => {
    const row = asRow(stmt.last.get());
    return row ? { seq: num(row, 'seq'), hash: str(row, 'hash') } : deps.anchor();
  };
  const position = (): ChainPosition => {
    const anchor = deps.anchor();
    return {
      headSeq: current().seq,
      anchor,
      hashAt: (seq) => {
        const h: unknown = stmt.hashAt.get(seq);
        return typeof h === 'string' ? h : undefined;
      },
    };
  };

  let sinceCheckpoint = 0;
  let lastWritten = -1;
  let failed: string | undefined;
  const write = () => {
    if (file === undefined) return;
    const head = current();
    sinceCheckpoint = 0;
    if (head.seq === 0 || head.seq === lastWritten) return;
    try {
      // synchronous=NORMAL leaves the last commits unsynced; a checkpoint must never outlive the records it covers.
      db.pragma('wal_checkpoint(PASSIVE)');
      file.append(signer.create(head.seq, head.hash, new Date()));
      lastWritten = head.seq;
      failed = undefined;
    } catch (err) {
      const message = `cannot write audit checkpoint to ${file.path}: ${err instanceof Error ? err.message : String(err)}`;
      if (message !== failed) deps.warn(message);
      failed = message;
    }
  };

  if (file !== undefined && settings?.checkOnOpen === true) {
    const last = file.last();
    const problem =
      last === undefined ? undefined : signer.valid(last) ? checkWitness(last, position(), 'the latest checkpoint') : `the latest checkpoint in ${file.path} has no valid signature`;
    if (problem !== undefined) deps.warn(`${problem}; run \`warden audit verify\` (new checkpoints do not replace the old ones)`);
  }
  const timer =
    file === undefined
      ? undefined
      : setInterval(() => {
          deps.flush();
          if (sinceCheckpoint > 0) write();
        }, settings?.everyMs ?? DEFAULT_CHECKPOINT_EVERY_MS);
  timer?.unref();

  return {
    appended(n) {
      sinceCheckpoint += n;
      if (sinceCheckpoint >= everyRecords) write();
    },
    checkpoint(always = false) {
      if (always || sinceCheckpoint > 0) write();
    },
    report(expect) {
      if (file === undefined && expect === undefined) return undefined;
      const pos = position();
      const failures: AuditWitnessCheck[] = [];
      const cps = file === undefined ? undefined : checkCheckpoints(file.lines(), signer, pos);
      if (cps) failures.push(...cps.checks);
      if (expect !== undefined) {
        const problem = checkWitness(expect, pos, 'the expected head');
        if (problem !== undefined) failures.push({ source: 'the expected head', count: expect.count, head: expect.head, ok: false, problem });
      }
      return { checkpointFile: file?.path, checkpoints: cps?.valid ?? 0, latest: cps?.latest, latestIndex: cps?.latestIndex, failures };
    },
    head() {
      const head = current();
      const alg: unknown = stmt.alg.get();
      return {
        count: head.seq,
        head: head.seq === 0 ? GENESIS_HASH : head.hash,
        prunedThrough: deps.anchor().seq,
        alg: alg === 'hmac-sha256' || alg === 'sha256' ? alg : deps.hasher.alg,
        checkpointFile: file?.path,
        latestCheckpoint: file?.last(),
      };
    },
    close() {
      if (timer !== undefined) clearInterval(timer);
    },
  };
}
