/**
 * `gateway.integrity`: protected corpora and, per model alias (or `*`), the output-integrity checks of its answers
 * (docs/integrity.md). Plain zod fields: validating a config reads no corpus.
 */
import { z } from 'zod';
import { citationFormatProblem, DEFAULT_CITATION_FORMAT } from '../integrity/citations.js';

const action = z.enum(['flag', 'notice', 'block']);
const share = z.number().min(0).max(1);

const grounding = z.strictObject({
  action: action.default('flag'),
  /** Share of a sentence's term weight one passage must hold for the sentence to count as supported. */
  min_support: share.default(0.5),
  /** An answer whose confidence is below this is a finding of its own (`integrity/low-confidence`); 0 = never. */
  min_confidence: share.default(0),
});

const citations = z.strictObject({
  action: action.default('flag'),
  /** Every claim sentence must cite a provided document; false: only citations present are checked. */
  required: z.boolean().default(true),
  /** `ID` stands for the document id, the rest is literal. */
  format: z
    .string()
    .default(DEFAULT_CITATION_FORMAT)
    .superRefine((f, ctx) => {
      const problem = citationFormatProblem(f);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `citation format ${problem}` });
    }),
  /** As grounding's, for the passages of the cited documents. */
  min_support: share.default(0.5),
});

const verbatim = z.strictObject({
  action: action.default('block'),
  /** Content words (function words not counted) a reproduced span must cover. */
  min_words: z.number().int().min(6).max(10_000).default(12),
  /** Fingerprints shared by more corpus documents than this are boilerplate and ignored. */
  max_postings: z.number().int().min(1).default(20),
  /** Corpora checked (ids under `corpora`); default all. */
  corpora: z.array(z.string().min(1)).min(1).optional(),
});

const modelPolicy = z
  .strictObject({
    /** Routes the checks apply on; default every chat route. */
    routes: z.array(z.enum(['/v1/chat/completions', '/v1/messages', '/v1/responses'])).min(1).optional(),
    /** Needs documents provided to the request (retrieval step or `warden.documents`). */
    grounding: grounding.optional(),
    /** Needs documents provided to the request. */
    citations: citations.optional(),
    /** Every answer of the model, with or without documents. */
    verbatim: verbatim.optional(),
  })
  .refine((p) => p.grounding !== undefined || p.citations !== undefined || p.verbatim !== undefined, { message: 'name at least one of grounding, citations, verbatim' });

export type IntegrityModelPolicy = z.infer<typeof modelPolicy>;

const corpus = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected 1-64 lower-case letters, digits, "_" or "-"'),
  /** A file or a directory (every regular file under it, hidden ones skipped), relative to the working directory. */
  path: z.string().min(1),
});

export const integritySectionSchema = z
  .strictObject({
    /** Protected corpora: fingerprinted at start, text not kept. */
    corpora: z.array(corpus).default([]),
    /** Model alias (or `*` for every model) -> checks of its answers. */
    models: z.record(z.string().min(1), modelPolicy).default({}),
  })
  .superRefine((s, ctx) => {
    const ids = new Set<string>();
    s.corpora.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', message: `duplicate corpus id "${c.id}"`, path: ['corpora', i, 'id'] });
      ids.add(c.id);
    });
    for (const [model, p] of Object.entries(s.models)) {
      if (p.verbatim === undefined) continue;
      if (s.corpora.length === 0) ctx.addIssue({ code: 'custom', message: 'verbatim needs at least one protected corpus under gateway.integrity.corpora', path: ['models', model, 'verbatim'] });
      p.verbatim.corpora?.forEach((id, i) => {
        if (!ids.has(id)) ctx.addIssue({ code: 'custom', message: `unknown corpus "${id}" (defined: ${[...ids].join(', ') || 'none'})`, path: ['models', model, 'verbatim', 'corpora', i] });
      });
    }
  });

export type IntegrityConfig = z.infer<typeof integritySectionSchema>;
