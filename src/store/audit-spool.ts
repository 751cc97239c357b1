/**
 * A local, ordered, durable queue of audit bodies for when the audit database is unreachable: one JSON line per
 * record appended to `<file>` (0600, fsynced per batch), and `<file>.offset` the byte position drained so far
 * (replaced atomically after each drained batch). A crash between a drained batch's commit and the offset write
 * stores that batch twice on the next drain, never loses it. Synchronous file calls: ordered by construction,
 * and only on the outage path.
 */
import { closeSync, existsSync, mkdirSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, renameSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateFile, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './file-modes.js';

/** Bytes read per drain step: bounds memory however long the outage was. */
const READ_CHUNK = 1 << 20;

export interface SpoolBatch {
  lines: string[];
  /** Bytes these lines take in the file (their commit advances the offset by this). */
  bytes: number;
}

export interface AuditSpool {
  readonly path: string;
  /** True when spooled records wait to be drained. */
  pending(): boolean;
  /** Appends lines (no newlines inside) and syncs them to disk before returning. */
  write(lines: readonly string[]): void;
  /** The oldest spooled lines not yet committed, at most `max`. */
  peek(max: number): SpoolBatch;
  /** Marks a peeked batch drained; an empty spool is truncated. */
  commit(batch: SpoolBatch): void;
  close(): void;
}

/**
 * A crash in the middle of a write leaves a line without its newline: that record was never acknowledged
 * (appends resolve when chained), so the tail is cut off, with a notice, rather than block the drain.
 */
function withoutPartialTail(fd: number, size: number, path: string): number {
  const step = 64 * 1024;
  let end = size;
  const one = Buffer.alloc(1);
  if (size === 0 || (readSync(fd, one, 0, 1, size - 1) === 1 && one[0] === 10)) return size;
  while (end > 0) {
    const start = Math.max(0, end - step);
    const buf = Buffer.alloc(end - start);
    readSync(fd, buf, 0, buf.length, start);
    const nl = buf.lastIndexOf(10);
    if (nl >= 0) {
      end = start + nl + 1;
      break;
    }
    end = start;
  }
  ftruncateSync(fd, end);
  fsyncSync(fd);
  process.stderr.write(`warden: audit spool ${path} ended in a cut-off write; removed its last ${size - end} bytes (never acknowledged)\n`);
  return end;
}

export function openAuditSpool(path: string): AuditSpool {
  // Created private when missing; an existing directory (the data dir, already kept 0700) is left as it is.
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  ensurePrivateFile(path);
  const offsetFile = `${path}.offset`;
  const fd = openSync(path, 'r+');
  let offset = existsSync(offsetFile) ? Number(readFileSync(offsetFile, 'utf8').trim()) : 0;
  let size = withoutPartialTail(fd, fstatSync(fd).size, path);
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > size) {
    throw new Error(`audit spool offset ${offsetFile} is corrupt (${offset} for a ${size}-byte spool): inspect the spool and remove the offset file to drain it all`);
  }
  const saveOffset = () => {
    const tmp = `${offsetFile}.tmp`;
    writeFileSync(tmp, String(offset), { mode: PRIVATE_FILE_MODE });
    renameSync(tmp, offsetFile);
  };
  return {
    path,
    pending: () => offset < size,
    write(lines) {
      if (lines.length === 0) return;
      const buf = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
      writeSync(fd, buf, 0, buf.length, size);
      fsyncSync(fd);
      size += buf.length;
    },
    peek(max) {
      const remaining = size - offset;
      // A record longer than the chunk widens the read until it holds one whole line.
      let len = Math.min(READ_CHUNK, remaining);
      let buf = Buffer.alloc(len);
      readSync(fd, buf, 0, len, offset);
      while (buf.indexOf(10) < 0 && len < remaining) {
        len = Math.min(len * 2, remaining);
        buf = Buffer.alloc(len);
        readSync(fd, buf, 0, len, offset);
      }
      if (remaining > 0 && buf.indexOf(10) < 0) {
        throw new Error(`audit spool ${path} ends in a partial line at byte ${offset}: a write was cut off; remove that tail to drain`);
      }
      const lines: string[] = [];
      let bytes = 0;
      while (lines.length < max) {
        const nl = buf.indexOf(10, bytes);
        if (nl < 0) break;
        lines.push(buf.toString('utf8', bytes, nl));
        bytes = nl + 1;
      }
      return { lines, bytes };
    },
    commit(batch) {
      offset += batch.bytes;
      if (offset >= size) {
        ftruncateSync(fd, 0);
        fsyncSync(fd);
        size = 0;
        offset = 0;
      }
      saveOffset();
    },
    close() {
      closeSync(fd);
    },
  };
}
