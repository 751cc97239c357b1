import { z } from 'zod';
import type { RetrievalDocument } from '../spec/retrieval.js';

const MAX_ID = 512;
const principal = z.string().min(1).max(256);
/** ACL lists must be arrays of non-empty strings: `"groups": "a,b"` is malformed, not a group named "a,b". */
const principals = z.array(principal).max(1_000);

/**
 * The shape of a document from outside (request extension, files, library calls). Strict: a misspelt ACL key
 * (`group`) is reported as malformed rather than silently ignored.
 */
export const documentSchema = z.strictObject({
  id: z.string().min(1).max(MAX_ID),
  text: z.string(),
  title: z.string().max(1_000).optional(),
  tenant: z.string().min(1).max(128).optional(),
  groups: principals.optional(),
  roles: principals.optional(),
  users: principals.optional(),
  classification: z.string().min(1).max(64).optional(),
  source: z.string().max(2_048).optional(),
});

export type ShapeResult = { ok: true; document: RetrievalDocument } | { ok: false; reason: string };

/** The id to report for a value that may not be a document: its id when it has a string one, else `#index`. */
export function reportedId(value: unknown, index: number): string {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 ? id.slice(0, 200) : `#${index}`;
}

/** Validates an untrusted value as a document; the reason names the first offending field. */
export function parseDocument(value: unknown): ShapeResult {
  const parsed = documentSchema.safeParse(value);
  if (parsed.success) return { ok: true, document: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'document' : issue.path.join('.');
  return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}` };
}
