import { z } from 'zod';
import type { AccessRuleConfig } from '../spec/retrieval.js';

export const DEFAULT_LEVELS = ['public', 'internal', 'confidential', 'restricted'] as const;

const name = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected 1-64 letters, digits or "_.:-"');

/** The access rule's keys, shared by `gateway.retrieval` and the CLI; defaults deny what is not labelled. */
export const accessRuleFields = {
  /** Classification levels, lowest first. */
  levels: z.array(name).min(1).default([...DEFAULT_LEVELS]),
  /** Clearance of a caller whose key or token carries none (default: the lowest level). */
  default_clearance: name.optional(),
  /** `deny`: documents without an ACL or classification are withheld; `tenant`: readable by their whole tenant. */
  missing_metadata: z.enum(['deny', 'tenant']).default('deny'),
  /** Largest document text (UTF-8 bytes) ingested or passed to the model. */
  max_document_bytes: z.number().int().positive().max(16 * 1024 * 1024).default(256 * 1024),
};

export const accessRuleSchema = z.strictObject(accessRuleFields);

/** Cross-field checks zod's field schemas cannot make: distinct levels, a default clearance among them. */
export function levelIssues(c: { levels: readonly string[]; default_clearance?: string | undefined }): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (new Set(c.levels).size !== c.levels.length) issues.push({ path: 'levels', message: 'levels must be distinct' });
  if (c.default_clearance !== undefined && !c.levels.includes(c.default_clearance)) {
    issues.push({ path: 'default_clearance', message: `default_clearance must be one of levels (${c.levels.join(', ')})` });
  }
  return issues;
}

export type AccessRuleInput = z.input<typeof accessRuleSchema>;

/** Parsed `retrieval` keys (extra keys of a larger section ignored) -> the rule's runtime settings. */
export function accessRuleConfig(input: AccessRuleInput = {}): AccessRuleConfig {
  const c = accessRuleSchema.parse({
    levels: input.levels,
    default_clearance: input.default_clearance,
    missing_metadata: input.missing_metadata,
    max_document_bytes: input.max_document_bytes,
  });
  const [problem] = levelIssues(c);
  if (problem !== undefined) throw new Error(`retrieval.${problem.path}: ${problem.message}`);
  return {
    levels: c.levels,
    defaultClearance: c.default_clearance ?? (c.levels[0] as string),
    missingMetadata: c.missing_metadata,
    maxDocumentBytes: c.max_document_bytes,
  };
}
