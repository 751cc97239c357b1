/**
 * The checkpoint file: one JSON checkpoint per line (src/audit/checkpoint.ts), only ever appended to, so it
 * can live on append-only storage (`chattr +a`, a different owner, a mounted log volume).
 */
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import type { AuditCheckpoint } from '../spec/gateway.js';
import { parseCheckpoint } from '../audit/checkpoint.js';
import { PRIVATE_FILE_MODE, tightenMode } from './file-modes.js';

/** Default file name, next to audit.db. */
export const CHECKPOINT_FILE = 'audit.checkpoints';

/** Bytes read from the end of the file to find its newest line: many times a checkpoint's ~250. */
const TAIL_BYTES = 4096;

export interface CheckpointFile {
  readonly path: string;
  /** Every line; none when the file does not exist yet. */
  lines(): string[];
  /** The newest well-formed line (its signature unchecked). */
  last(): AuditCheckpoint | undefined;
  /** Appends one line with a single write and fsyncs it: a witness that an OS crash could lose is no witness. */
  append(cp: AuditCheckpoint): void;
}

export function openCheckpointFile(path: string): CheckpointFile {
  tightenMode(path, PRIVATE_FILE_MODE);
  return {
    path,
    lines() {
      return existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
    },
    last() {
      if (!existsSync(path)) return undefined;
      const fd = openSync(path, 'r');
      try {
        const size = fstatSync(fd).size;
        const len = Math.min(size, TAIL_BYTES);
        const buf = Buffer.alloc(len);
        readSync(fd, buf, 0, len, size - len);
        const lines = buf.toString('utf8').split('\n');
        for (let i = lines.length - 1; i >= 0; i--) {
          const cp = parseCheckpoint(lines[i] ?? '');
          if (cp !== undefined) return cp;
        }
        return undefined;
      } finally {
        closeSync(fd);
      }
    },
    append(cp) {
      const fd = openSync(path, 'a', PRIVATE_FILE_MODE);
      try {
        writeSync(fd, `${JSON.stringify(cp)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}
