/**
 * Suites: how many attacks per category and which strategies. Built in: `quick` (a smoke test), `standard`
 * (every strategy, three attacks per category) and `full` (the whole library, every strategy). A YAML file
 * with the same fields is a custom suite; command-line flags override either.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { STRATEGIES } from './strategies/index.js';
import { CATEGORIES, type Category } from './types.js';

export interface Suite {
  name: string;
  count: number;
  counts: Partial<Record<Category, number>>;
  strategies: string[];
  categories: Category[];
}

const ALL = STRATEGIES.map((s) => s.id);

const BUILTIN: Readonly<Record<string, Suite>> = {
  quick: { name: 'quick', count: 2, counts: {}, strategies: ['none', 'base64', 'roleplay', 'multi-turn'], categories: [...CATEGORIES] },
  standard: { name: 'standard', count: 3, counts: {}, strategies: ALL, categories: [...CATEGORIES] },
  full: { name: 'full', count: 1000, counts: {}, strategies: ALL, categories: [...CATEGORIES] },
};

const SuiteFile = z
  .object({
    count: z.number().int().positive().optional(),
    counts: z.partialRecord(z.enum(CATEGORIES), z.number().int().nonnegative()).optional(),
    strategies: z.array(z.string()).min(1).optional(),
    categories: z.array(z.enum(CATEGORIES)).min(1).optional(),
  })
  .strict();

export function loadSuite(nameOrFile: string): Suite {
  const builtin = BUILTIN[nameOrFile];
  if (builtin) return { ...builtin, counts: { ...builtin.counts }, strategies: [...builtin.strategies], categories: [...builtin.categories] };
  if (!/\.ya?ml$/.test(nameOrFile)) throw new Error(`unknown suite "${nameOrFile}"; expected ${Object.keys(BUILTIN).join(', ')} or a .yaml file`);
  let doc: unknown;
  try {
    doc = parse(readFileSync(nameOrFile, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read suite ${nameOrFile}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const parsed = SuiteFile.safeParse(doc ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
    throw new Error(`invalid suite ${nameOrFile}: ${problems}; expected {count, counts: {category: n}, strategies: [...], categories: [...]}`);
  }
  const d = parsed.data;
  return { name: nameOrFile, count: d.count ?? 3, counts: d.counts ?? {}, strategies: d.strategies ?? ALL, categories: d.categories ?? [...CATEGORIES] };
}

/** `--counts "jailbreak=5,tool-misuse=2"`. */
export function parseCounts(spec: string): Partial<Record<Category, number>> {
  const out: Partial<Record<Category, number>> = {};
  for (const part of spec.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const [k, v] = part.split('=');
    const n = Number(v);
    if (!(CATEGORIES as readonly string[]).includes(k ?? '') || !Number.isInteger(n) || n < 0) {
      throw new Error(`--counts: cannot read "${part}"; expected CATEGORY=N with a category of ${CATEGORIES.join(', ')}`);
    }
    out[k as Category] = n;
  }
  return out;
}

export function parseCategories(spec: string): Category[] {
  return spec.split(',').map((s) => {
    const c = s.trim();
    if (!(CATEGORIES as readonly string[]).includes(c)) throw new Error(`unknown category "${c}"; expected ${CATEGORIES.join(', ')}`);
    return c as Category;
  });
}
