import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE, tightenMode } from '../../store/file-modes.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const KEY_PREFIX = 'wdn_';
/** Random part: 12 characters of public id + 32 of secret, 44 base62 characters (~262 bits). */
export const KEY_ID_LENGTH = 12;
export const KEY_RANDOM_LENGTH = 44;
/** Validates a presented key's shape before any lookup. */
export const KEY_PATTERN = /^wdn_[0-9A-Za-z]{44}$/;
export const PEPPER_ENV = 'WARDEN_KEY_PEPPER';
export const PEPPER_FILE = 'key-pepper';

/** Uniform base62 by rejection sampling (bytes >= 248 are discarded so no character is favoured). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += BASE62[b % 62];
    }
  }
  return out;
}

export function generateKey(): { key: string; id: string } {
  const random = randomBase62(KEY_RANDOM_LENGTH);
  return { key: KEY_PREFIX + random, id: random.slice(0, KEY_ID_LENGTH) };
}

/** The public id of a well-formed key, or undefined. */
export function keyIdOf(key: string): string | undefined {
  return KEY_PATTERN.test(key) ? key.slice(KEY_PREFIX.length, KEY_PREFIX.length + KEY_ID_LENGTH) : undefined;
}

/** HMAC-SHA256(pepper, key): a database leak alone does not allow checking guessed keys offline. */
export function hashKey(pepper: string, key: string): string {
  return createHmac('sha256', pepper).update(key).digest('hex');
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * The pepper: WARDEN_KEY_PEPPER when set (recommended in production, keeps it out of backups of the data
 * dir), else `<dataDir>/key-pepper`, created 0600 on first use. Gateway and CLI must resolve the same one.
 */
export function loadPepper(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[PEPPER_ENV];
  if (fromEnv !== undefined && fromEnv.length > 0) {
    if (fromEnv.length < 16) throw new Error(`${PEPPER_ENV} must be at least 16 characters`);
    return fromEnv;
  }
  const file = join(dataDir, PEPPER_FILE);
  try {
    writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: PRIVATE_FILE_MODE });
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) {
      throw new Error(`cannot create key pepper ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  tightenMode(file, PRIVATE_FILE_MODE);
  const pepper = readFileSync(file, 'utf8').trim();
  if (pepper.length < 16) throw new Error(`key pepper ${file} is empty or truncated; restore it from backup`);
  return pepper;
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Milliseconds of a duration like `30d`, `12h`, `90m`, `2w`; undefined when spec is not a duration. */
export function parseDuration(spec: string): number | undefined {
  const m = /^(\d{1,6})([mhdw])$/.exec(spec.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

/** A key's attributes are invalid (name, expiry, limit): the caller's mistake, reported with its message. */
export class KeyInputError extends Error {
  override readonly name = 'KeyInputError';
}

/** Parses `30d`, `12h`, `90m` or an ISO-8601 date into an absolute expiry. */
export function parseExpiry(spec: string, now: Date): Date {
  const ms = parseDuration(spec);
  if (ms !== undefined) return new Date(now.getTime() + ms);
  const d = new Date(spec);
  if (Number.isNaN(d.getTime())) throw new KeyInputError(`invalid expiry "${spec}": use a duration like 30d, 12h, 90m, 2w or an ISO-8601 date`);
  if (d.getTime() <= now.getTime()) throw new KeyInputError(`expiry ${d.toISOString()} is in the past`);
  return d;
}
