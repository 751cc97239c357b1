/**
 * `gateway.retrieval`: the document store, the access rule's settings, and which model aliases get an automatic
 * retrieval step. Plain zod fields (no store import), so validating a config never loads a database driver.
 */
import { z } from 'zod';
import { accessRuleFields, levelIssues } from '../retrieval/config.js';
import { ISOLATION_MODES } from '../spec/context.js';

const step = z.strictObject({
  /** Documents added per request (top-k of the permitted ones). */
  top_k: z.number().int().min(1).max(20).default(4),
  /** Routes the step runs on, e.g. `/v1/chat/completions`; default every chat route. */
  routes: z.array(z.enum(['/v1/chat/completions', '/v1/messages', '/v1/responses'])).min(1).optional(),
});

export type RetrievalStepConfig = z.infer<typeof step>;

const postgres = z
  .strictObject({
    /** Env var holding the connection string (kept out of the file). */
    url_env: z.string().min(1).optional(),
    url: z.string().min(1).optional(),
    /** Schema of the documents table, created when missing. */
    schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('warden'),
    /** `auto`: pgvector when the extension is installed, else full-text (said in the log); `fts`: full-text only. */
    vector: z.enum(['auto', 'fts']).default('auto'),
  })
  .refine((p) => (p.url === undefined) !== (p.url_env === undefined), { message: 'give exactly one of url or url_env' });

const level = z.string().min(1);

/** Canaries Warden plants (docs/leakage.md): in system prompts per model alias, in sensitive documents at ingestion. */
const canaries = z.strictObject({
  /** Model aliases (or `*`) whose requests get a fresh Warden canary in the system prompt; `warden.canary: true` asks per request. */
  prompt_models: z.array(z.string().min(1)).default([]),
  /** `warden docs ingest` puts a canary line in documents classified at this level or above. */
  documents_from: level.optional(),
});

/** Fingerprints of the stored documents at this level or above, built at start: answers reproducing one the caller may not read block. */
const fingerprints = z.strictObject({ from: level });

/** Isolation of untrusted segments in forwarded requests (docs/context-isolation.md). */
const isolation = z.strictObject({
  /** Model aliases (or `*`) whose client-sent tool results are isolated, with the instruction hierarchy stated once. */
  models: z.array(z.string().min(1)).default([]),
  /** How segments (tool results, and retrieved documents for every alias) are marked. */
  mode: z.enum(ISOLATION_MODES).default('spotlight'),
  hierarchy: z.boolean().default(true),
});

export const retrievalSectionSchema = z
  .strictObject({
    ...accessRuleFields,
    /** Where documents live: `sqlite` = `<data_dir>/documents.db`. */
    store: z.enum(['sqlite', 'postgres']).default('sqlite'),
    postgres: postgres.optional(),
    /** Model alias (or `*` for every model) -> retrieval step adding permitted documents to the request. */
    models: z.record(z.string().min(1), step).default({}),
    /** Accept documents the application retrieved itself in the request's `warden.documents` field. */
    request_documents: z.boolean().default(true),
    /** Most documents one request may hand over in `warden.documents`; more is a 400. */
    max_request_documents: z.number().int().min(1).max(1_000).default(50),
    canaries: canaries.default({ prompt_models: [] }),
    fingerprints: fingerprints.optional(),
    isolation: isolation.default({ models: [], mode: 'spotlight', hierarchy: true }),
  })
  .refine((r) => r.store !== 'postgres' || r.postgres !== undefined, { message: 'store: postgres needs a postgres: { url_env | url } section', path: ['postgres'] })
  .superRefine((r, ctx) => {
    for (const issue of levelIssues(r)) ctx.addIssue({ code: 'custom', message: issue.message, path: [issue.path] });
    const known = (l: string | undefined, path: string[]) => {
      if (l !== undefined && !r.levels.includes(l)) ctx.addIssue({ code: 'custom', message: `must be one of levels (${r.levels.join(', ')})`, path });
    };
    known(r.canaries.documents_from, ['canaries', 'documents_from']);
    known(r.fingerprints?.from, ['fingerprints', 'from']);
  });

export type RetrievalConfig = z.infer<typeof retrievalSectionSchema>;
