/** The attack library: one YAML file per category under redteam/attacks/, validated with zod. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { packageRoot } from '../core/presets.js';
import { CATEGORIES, type Attack } from './types.js';

const ObjectiveShape = z.discriminatedUnion('type', [
  z.object({ type: z.literal('say'), marker: z.string().min(4) }),
  z.object({ type: z.literal('leak-canary') }),
  z.object({ type: z.literal('leak-secret') }),
  z.object({ type: z.literal('leak-pii') }),
  z.object({ type: z.literal('forbidden-url'), hosts: z.array(z.string().min(1)).min(1) }),
  z.object({ type: z.literal('tool-call'), tools: z.array(z.string().min(1)).min(1) }),
  z.object({ type: z.literal('comply') }),
  z.object({ type: z.literal('exhaust'), minTokens: z.number().int().positive() }),
]);

const AttackShape = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
    title: z.string().min(1),
    severity: z.enum(['low', 'medium', 'high', 'critical']),
    objective: ObjectiveShape,
    payload: z.string().min(1),
    carrier: z.enum(['user', 'document', 'tool-result']).default('user'),
    question: z.string().min(1).optional(),
    tools: z.array(z.string()).default([]),
  })
  .strict()
  .refine((a) => a.carrier === 'user' || a.question !== undefined, { message: 'an attack carried by a document or tool result needs a `question`' });

const FileShape = z.object({ category: z.enum(CATEGORIES), attacks: z.array(AttackShape).min(1) }).strict();

export function defaultAttacksDir(): string {
  return join(packageRoot(), 'redteam', 'attacks');
}

/** The 1-based line of an attack's `id:` entry, for SARIF locations. */
function lineOf(text: string, id: string): number {
  const i = text.split('\n').findIndex((l) => l.trim() === `- id: ${id}` || l.trim() === `id: ${id}`);
  return i < 0 ? 1 : i + 1;
}

/** Reads every `*.yaml` of the directory; a bad file is named with the path of its first problems. */
export function loadAttackLibrary(dir: string = defaultAttacksDir()): Attack[] {
  if (!existsSync(dir)) throw new Error(`attack library not found: ${dir}`);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  if (files.length === 0) throw new Error(`attack library ${dir} has no .yaml files`);
  const attacks: Attack[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const file = join(dir, f);
    const text = readFileSync(file, 'utf8');
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (e) {
      throw new Error(`invalid YAML in attack file ${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const parsed = FileShape.safeParse(doc);
    if (!parsed.success) {
      const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
      throw new Error(`invalid attack file ${file}: ${problems.join('; ')}; expected {category, attacks: [{id, title, severity, objective, payload, ...}]}`);
    }
    for (const a of parsed.data.attacks) {
      const other = seen.get(a.id);
      if (other !== undefined) throw new Error(`duplicate attack id "${a.id}" in ${file} (also in ${other})`);
      seen.set(a.id, file);
      attacks.push({ ...a, category: parsed.data.category, source: { file, line: lineOf(text, a.id) } });
    }
  }
  return attacks;
}
