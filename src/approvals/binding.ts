/** What binds an approval to one call: the hash of the tool name and its arguments in canonical JSON. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.js';

/**
 * Arguments as text in canonical JSON (sorted keys, no whitespace): the approver sees and approves these
 * bytes, and the same call written with other key order or spacing hashes the same.
 */
export function canonicalArgs(args: unknown): string {
  return canonicalJson(args);
}

/** SHA-256 hex of `{ tool, args }` in canonical JSON; any change to the tool or an argument changes it. */
export function callHash(tool: string, args: unknown): string {
  return createHash('sha256').update(canonicalJson({ tool, args })).digest('hex');
}
