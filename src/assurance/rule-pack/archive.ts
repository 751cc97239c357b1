/**
 * Reads a rule-pack archive into memory with yauzl, refusing before anything is written: a truncated or non-zip
 * file, absolute paths, ".." segments, backslashes, symlinks and other non-regular entries, encrypted or duplicate
 * entries, and entries, totals or compression ratios over the limits (a zip bomb is refused before it inflates).
 * Writing uses yazl with fixed dates and modes, so the same content makes the same archive.
 */
import { stat } from 'node:fs/promises';
import type yauzl from 'yauzl';
import yazl from 'yazl';
import { openZip, readZipMember } from '../zip-read.js';
import { RulePackError } from './errors.js';

export interface ArchiveLimits {
  archiveBytes: number;
  entries: number;
  entryBytes: number;
  totalBytes: number;
  /** Inflated size / compressed size; real JSON and YAML stay well under it. */
  maxRatio: number;
}

export const PACK_LIMITS: ArchiveLimits = {
  archiveBytes: 256 * 1024 * 1024,
  entries: 64,
  entryBytes: 64 * 1024 * 1024,
  totalBytes: 256 * 1024 * 1024,
  maxRatio: 1000,
};

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
/** Path segments a pack may use: no empty, "." or ".." segment, no control characters. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** yauzl's own refusals of an entry name, turned into the pack's error. */
function fromYauzl(err: Error, path: string): RulePackError {
  const m = err.message;
  if (err instanceof RulePackError) return err;
  if (/^(?:absolute path|invalid relative path|invalid characters in fileName): /.test(m)) {
    return new RulePackError('unsafe_entry', `${path}: archive entry refused (${m}): entries must be relative paths inside the pack`);
  }
  if (/end of central directory|unexpected EOF|not enough bytes|truncated|invalid (?:local file header|central directory)|signature not found|offset|out of range/i.test(m)) {
    return new RulePackError('truncated', `${path}: truncated or not a zip archive (${m}); copy the pack again`);
  }
  return new RulePackError('unreadable', `${path}: cannot read the archive (${m})`);
}

function checkEntry(entry: yauzl.Entry, seen: Set<string>, limits: ArchiveLimits, path: string): 'file' | 'dir' {
  const name = entry.fileName;
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  const isDir = name.endsWith('/');
  const segments = (isDir ? name.slice(0, -1) : name).split('/');
  if (segments.some((s) => !SEGMENT.test(s))) {
    throw new RulePackError('unsafe_entry', `${path}: archive entry "${name}" refused: entries must be relative paths of letters, digits, ".", "_" and "-" (no "..", no absolute path)`);
  }
  if (mode !== 0 && mode !== (isDir ? S_IFDIR : S_IFREG)) {
    throw new RulePackError('unsafe_entry', `${path}: archive entry "${name}" is a symlink or another special file (mode ${mode.toString(8)}); packs hold regular files only`);
  }
  if (entry.isEncrypted()) throw new RulePackError('unsafe_entry', `${path}: archive entry "${name}" is encrypted`);
  if (seen.has(name)) throw new RulePackError('unsafe_entry', `${path}: archive entry "${name}" appears twice`);
  seen.add(name);
  if (isDir) return 'dir';
  if (entry.uncompressedSize > limits.entryBytes) {
    throw new RulePackError('too_large', `${path}: archive entry "${name}" is ${entry.uncompressedSize} bytes, over the ${limits.entryBytes}-byte limit`);
  }
  const ratio = entry.compressedSize === 0 ? (entry.uncompressedSize > 0 ? Infinity : 1) : entry.uncompressedSize / entry.compressedSize;
  if (ratio > limits.maxRatio) {
    throw new RulePackError('too_large', `${path}: archive entry "${name}" has compression ratio ${Math.round(ratio)}:1, over ${limits.maxRatio}:1 (a zip bomb?)`);
  }
  return 'file';
}

/** Every regular file of the archive at `path` by name, after every check above. */
export async function readArchive(path: string, limits: ArchiveLimits = PACK_LIMITS): Promise<Map<string, Buffer>> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw new RulePackError('unreadable', `${path}: ${(err as Error).message}`);
  }
  if (size > limits.archiveBytes) throw new RulePackError('too_large', `${path}: ${size} bytes, over the ${limits.archiveBytes}-byte pack limit`);
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path, true);
  } catch (err) {
    throw fromYauzl(err as Error, path);
  }
  if (zip.entryCount > limits.entries) {
    zip.close();
    throw new RulePackError('too_large', `${path}: ${zip.entryCount} entries, over the ${limits.entries}-entry limit`);
  }
  const files = new Map<string, Buffer>();
  const seen = new Set<string>();
  let total = 0;
  return new Promise((resolve, reject) => {
    let done = false;
    const fail = (err: unknown): void => {
      if (done) return;
      done = true;
      zip.close();
      reject(fromYauzl(err instanceof Error ? err : new Error(String(err)), path));
    };
    zip.on('error', fail);
    zip.on('end', () => {
      if (!done) {
        done = true;
        resolve(files);
      }
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      try {
        if (checkEntry(entry, seen, limits, path) === 'dir') return zip.readEntry();
        total += entry.uncompressedSize;
        if (total > limits.totalBytes) throw new RulePackError('too_large', `${path}: content inflates past ${limits.totalBytes} bytes in total`);
      } catch (err) {
        return fail(err);
      }
      readZipMember(zip, entry, entry.uncompressedSize, (name, limit) => new RulePackError('too_large', `archive entry "${name}" inflates past ${limit} bytes`)).then((bytes) => {
        files.set(entry.fileName, bytes);
        zip.readEntry();
      }, fail);
    });
    zip.readEntry();
  });
}

const FIXED_DATE = new Date(Date.UTC(2020, 0, 1));

/** A zip of `files` (name -> bytes) in name order, regular files with mode 0644 and a fixed date. */
export function writeArchive(files: ReadonlyMap<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const name of [...files.keys()].sort()) zip.addBuffer(files.get(name) as Buffer, name, { mtime: FIXED_DATE, mode: 0o100644 });
  zip.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => parts.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
  });
}
