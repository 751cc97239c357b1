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

export const accessRuleSchema = z
  .strictObject(accessRuleFields)
  .refine((c) => new Set(c.levels).size === c.levels.length, { message: 'levels must be distinct', path: ['levels'] })
  .refine((c) => c.default_clearance === undefined || c.levels.includes(c.default_clearance), {
    message: 'default_clearance must be one of levels',
    path: ['default_clearance'],
  });

export type AccessRuleInput = z.input<typeof accessRuleSchema>;

/** Parsed `retrieval` keys -> the rule's runtime settings. */
export function accessRuleConfig(input: z.output<typeof accessRuleSchema> | AccessRuleInput = {}): AccessRuleConfig {
  const c = accessRuleSchema.parse(input);
  return {
    levels: c.levels,
    defaultClearance: c.default_clearance ?? (c.levels[0] as string),
    missingMetadata: c.missing_metadata,
    maxDocumentBytes: c.max_document_bytes,
  };
}
