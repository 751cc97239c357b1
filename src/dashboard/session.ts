/**
 * Dashboard sessions, kept in this process: a random id in an HttpOnly SameSite=Strict cookie, a CSRF token
 * (synchroniser pattern: the page reads it from /dashboard/api/session and sends it back in a header on every
 * change), an idle timeout and an absolute lifetime. Several gateway replicas need sticky sessions.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

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
  /** Most sessions kept; the least recently used is dropped first. */
  max?: number;
}

const token = () => randomBytes(32).toString('base64url');

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class SessionStore {
  /** Insertion order is recency order: a touched session is moved to the end. */
  private readonly sessions = new Map<string, Session>();
  private readonly max: number;

  constructor(private readonly opts: SessionOptions) {
    this.max = opts.max ?? 10_000;
  }

  create(operator: Operator): Session {
    const at = this.opts.now();
    const s: Session = { id: token(), csrf: token(), operator, createdAt: at, lastSeen: at };
    this.sessions.set(s.id, s);
    while (this.sessions.size > this.max) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    return s;
  }

  /** The live session for a cookie value, its idle clock restarted; undefined when unknown or expired. */
  touch(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const s = this.sessions.get(id);
    if (s === undefined) return undefined;
    const at = this.opts.now();
    if (at - s.lastSeen > this.opts.idleMs || at - s.createdAt > this.opts.maxMs) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastSeen = at;
    this.sessions.delete(id);
    this.sessions.set(id, s);
    return s;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  /** The Set-Cookie value starting a session (or ending it, with `id` null). */
  cookie(id: string | null, secure: boolean): string {
    const parts = [`${SESSION_COOKIE}=${id ?? ''}`, 'Path=/dashboard', 'HttpOnly', 'SameSite=Strict'];
    parts.push(id === null ? 'Max-Age=0' : `Max-Age=${Math.floor(this.opts.maxMs / 1000)}`);
    if (secure) parts.push('Secure');
    return parts.join('; ');
  }
}

/**
 * The session cookie's value from a Cookie header. Hand-rolled (no cookie package is installed): only our one
 * cookie is read, and its value is base64url, so no decoding is needed.
 */
export function sessionIdFrom(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const v = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(v) ? v : undefined;
    }
  }
  return undefined;
}
