/**
 * The data dir holds secrets (the key pepper) and, unless redacted, request content: it is created 0700 and
 * its files 0600, and looser modes found on start are tightened with a notice on stderr.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

function notice(message: string): void {
  process.stderr.write(`warden: ${message}\n`);
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/** Removes group and other permissions from an existing path; says so when it changed anything. */
export function tightenMode(path: string, mode: number): void {
  let current: number;
  try {
    current = statSync(path).mode & 0o777;
  } catch {
    return;
  }
  if ((current & 0o077) === 0) return;
  try {
    chmodSync(path, mode);
    notice(`tightened permissions of ${path} from ${octal(current)} to ${octal(mode)}`);
  } catch (err) {
    notice(`${path} is ${octal(current)} (readable by other users) and could not be changed to ${octal(mode)}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Creates the directory 0700 (and missing parents), or tightens an existing one. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tightenMode(dir, PRIVATE_DIR_MODE);
}

/**
 * Creates the file empty with mode 0600 when missing (so files derived from it inherit the mode), or tightens
 * it. An existing file is never opened for writing here: a read-only copy must stay verifiable.
 */
export function ensurePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
  }
  tightenMode(file, PRIVATE_FILE_MODE);
}
