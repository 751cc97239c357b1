/**
 * Dashboard sessions: a random id in an HttpOnly SameSite=Strict cookie, a CSRF token (synchroniser pattern: the
 * page reads it from /dashboard/api/session and sends it back in a header on every change), an idle timeout and an
 * absolute lifetime. Kept in the gateway's ephemeral store: Redis under gateway.cache, so every replica knows every
 * session, else this process's memory. The store's key is the id's SHA-256, so reading the store gives no cookie.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { EphemeralStore } from '../store/interfaces.js';

export const SESSION_COOKIE = 'warden_dashboard';
export const CSRF_HEADER = 'x-warden-csrf';

/** Who signed in. `tenant: null` sees and acts on every tenant; anything else on that tenant only. */
export interface Operator {
  name: string;
  tenant: string | null;
  via: 'admin-token' | 'operator-token' | 'oidc';
}

export interface Session {
  id: string;
  csrf: string;
  operator: Operator;
  createdAt: number;
  lastSeen: number;
}

export interface SessionOptions {
  idleMs: number;
  maxMs: number;
  now: () => number;
}

const token = () => randomBytes(32).toString('base64url');

/** The store key of a secret handle (session id, OIDC state): its hash, never the value a browser holds. */
export const storeKey = (kind: string, secret: string) => `dashboard:${kind}:${createHash('sha256').update(secret).digest('base64url')}`;

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What the store holds for a session (it may come from Redis, so it is checked on the way in). */
const storedSession = z.strictObject({
  csrf: z.string(),
  operator: z.strictObject({ name: z.string(), tenant: z.string().nullable(), via: z.enum(['admin-token', 'operator-token', 'oidc']) }),
  createdAt: z.number(),
  lastSeen: z.number(),
});

/** JSON from the store, or undefined when it is not JSON (the caller's schema then refuses it). */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export class SessionStore {
  constructor(
    private readonly store: EphemeralStore,
    private readonly opts: SessionOptions,
  ) {}

  async create(operator: Operator): Promise<Session> {
    const at = this.opts.now();
    const s: Session = { id: token(), csrf: token(), operator, createdAt: at, lastSeen: at };
    await this.save(s);
    return s;
  }

  /** The live session for a cookie value, its idle clock restarted; undefined when unknown or expired. */
  async touch(id: string | undefined): Promise<Session | undefined> {
    if (id === undefined) return undefined;
    const raw = await this.store.get(storeKey('session', id));
    if (raw === undefined) return undefined;
    const parsed = storedSession.safeParse(parseJson(raw));
    const at = this.opts.now();
    if (!parsed.success || at - parsed.data.lastSeen > this.opts.idleMs || at - parsed.data.createdAt > this.opts.maxMs) {
      await this.end(id);
      return undefined;
    }
    const s: Session = { id, ...parsed.data, lastSeen: at };
    await this.save(s);
    return s;
  }

  async end(id: string): Promise<void> {
    await this.store.delete(storeKey('session', id));
  }

  /** The Set-Cookie value starting a session (or ending it, with `id` null). */
  cookie(id: string | null, secure: boolean): string {
    const parts = [`${SESSION_COOKIE}=${id ?? ''}`, 'Path=/dashboard', 'HttpOnly', 'SameSite=Strict'];
    parts.push(id === null ? 'Max-Age=0' : `Max-Age=${Math.floor(this.opts.maxMs / 1000)}`);
    if (secure) parts.push('Secure');
    return parts.join('; ');
  }

  /** Stored until the idle timeout or the absolute lifetime, whichever comes first. */
  private async save(s: Session): Promise<void> {
    const ttl = Math.min(this.opts.idleMs, s.createdAt + this.opts.maxMs - s.lastSeen);
    const { csrf, operator, createdAt, lastSeen } = s;
    await this.store.set(storeKey('session', s.id), JSON.stringify({ csrf, operator, createdAt, lastSeen }), Math.max(1, ttl));
  }
}

/**
 * A cookie's value from a Cookie header. Hand-rolled (no cookie package is installed): only our own cookies are
 * read, and their values are base64url (43 characters: 32 random bytes), so no decoding is needed.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const v = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(v) ? v : undefined;
    }
  }
  return undefined;
}

export const sessionIdFrom = (header: string | undefined) => cookieValue(header, SESSION_COOKIE);
