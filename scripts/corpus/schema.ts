/** The corpus row schema, shared by the builder's self-check and the tests. */
import { z } from 'zod';

export const corpusRowSchema = z
  .object({
    id: z.string().min(1),
    text: z.string().min(1),
    label: z.enum(['attack', 'benign']),
    category: z.enum(['direct_injection', 'jailbreak', 'indirect_injection', 'harmful_request', 'benign', 'benign_hard']),
    lang: z.string().regex(/^([a-z]{2}|und)$/),
    source: z.string().regex(/^[\w.-]+\/[\w.-]+:.+/),
    commit: z.string().regex(/^[0-9a-f]{40}$/),
    license: z.string().min(1),
    inject: z.string().min(1).optional(),
  })
  .strict()
  .refine((r) => r.inject === undefined || r.text.includes(r.inject), { message: 'inject must be a substring of text' })
  .refine((r) => (r.label === 'benign') === (r.category === 'benign' || r.category === 'benign_hard'), {
    message: 'label and category disagree',
  });

export type CheckedCorpusRow = z.infer<typeof corpusRowSchema>;
