import { createHash } from 'node:crypto';

/**
 * Access metadata as full-text tokens: `a` + 20 hex digits of SHA-256 over a kind-prefixed value, so any tenant,
 * principal or level name (spaces, punctuation, any script) becomes one token the FTS tokenizer keeps whole, and
 * values of different kinds never share a token.
 */
export function accessToken(kind: 'tenant' | 'principal' | 'level', value: string): string {
  return `a${createHash('sha256').update(`${kind}\u0000${value}`).digest('hex').slice(0, 20)}`;
}

/** Stands for "no ACL" and "no classification", so lenient mode can match unlabelled documents. */
export const UNLABELLED = accessToken('principal', '\u0000unlabelled');
export const NO_LEVEL = accessToken('level', '\u0000none');

/** FTS5 `col : ( "t1" OR "t2" )`: a column filter over quoted tokens. */
export function anyOf(column: string, tokens: readonly string[]): string {
  return `${column} : (${tokens.map((t) => `"${t}"`).join(' OR ')})`;
}
