/** The leakage benchmark's data files (documents, personas, attempts, legit questions), parsed and checked. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const DIR = import.meta.dirname;

const persona = z.strictObject({ tenant: z.string(), user: z.string(), groups: z.array(z.string()), clearance: z.string() });
const documentSchema = z.strictObject({
  id: z.string(),
  tenant: z.string(),
  groups: z.array(z.string()),
  classification: z.string(),
  source: z.string(),
  text: z.string(),
});
const corpusSchema = z.strictObject({ personas: z.record(z.string(), persona), system_prompt: z.string(), documents: z.array(documentSchema) });
export const KINDS = ['cross-tenant', 'cross-group', 'canary', 'system-prompt', 'paraphrase', 'exfil'] as const;
const attemptSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(KINDS),
  as: z.string(),
  question: z.string(),
  bypass: z.array(z.string()).optional(),
  inject: z.string().optional(),
  toolText: z.string().optional(),
  secrets: z.array(z.string()).min(1),
});
const legitSchema = z.strictObject({ id: z.string(), as: z.string(), question: z.string(), expect: z.array(z.string()).min(1) });

export type Persona = z.infer<typeof persona>;
export type BenchDocument = z.infer<typeof documentSchema>;
export type Corpus = z.infer<typeof corpusSchema>;
export type Attempt = z.infer<typeof attemptSchema>;
export type Legit = z.infer<typeof legitSchema>;

function load<T>(file: string, schema: z.ZodType<T>): T {
  return schema.parse(parse(readFileSync(join(DIR, file), 'utf8')));
}

export function loadScenarios(): { corpus: Corpus; attempts: Attempt[]; legit: Legit[] } {
  const corpus = load('documents.yaml', corpusSchema);
  const attempts = load('attempts.yaml', z.strictObject({ attempts: z.array(attemptSchema) })).attempts;
  const legit = load('legit.yaml', z.strictObject({ legit: z.array(legitSchema) })).legit;
  const ids = new Set(corpus.documents.map((d) => d.id));
  for (const s of [...attempts, ...legit]) {
    if (!(s.as in corpus.personas)) throw new Error(`scenario ${s.id}: unknown persona ${s.as}`);
    for (const b of 'bypass' in s ? (s.bypass ?? []) : []) if (!ids.has(b)) throw new Error(`scenario ${s.id}: unknown document ${b}`);
  }
  return { corpus, attempts, legit };
}
