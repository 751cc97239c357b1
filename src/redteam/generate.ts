/**
 * Turns the library into cases: per category, `count` attacks chosen by the seed, each mutated by every
 * selected strategy. The same seed, counts and strategies give the same cases, byte for byte.
 */
import { plantValues } from './plant.js';
import { rngFor } from './rng.js';
import { strategyById } from './strategies/index.js';
import type { Attack, AttackCase, Category } from './types.js';

export interface GenerateOptions {
  seed: number;
  strategies: readonly string[];
  /** Attacks per category; a category missing here gets `defaultCount`. */
  counts?: Partial<Record<Category, number>>;
  defaultCount: number;
  categories?: readonly Category[];
}

export function generateCases(library: readonly Attack[], opts: GenerateOptions): AttackCase[] {
  const strategies = opts.strategies.map(strategyById);
  const byCategory = new Map<Category, Attack[]>();
  for (const a of library) {
    if (opts.categories && !opts.categories.includes(a.category)) continue;
    byCategory.set(a.category, [...(byCategory.get(a.category) ?? []), a]);
  }
  const cases: AttackCase[] = [];
  for (const [category, attacks] of byCategory) {
    const count = opts.counts?.[category] ?? opts.defaultCount;
    const chosen = rngFor(opts.seed, `select:${category}`).shuffle(attacks).slice(0, count);
    for (const attack of chosen) {
      for (const strategy of strategies) {
        const id = `${attack.id}~${strategy.id}`;
        const mutation = strategy.apply(attack.payload, rngFor(opts.seed, `mutate:${id}`));
        const { planted } = plantValues(rngFor(opts.seed, `plant:${id}`));
        const c: AttackCase = {
          id,
          attackId: attack.id,
          category,
          strategy: strategy.id,
          severity: attack.severity,
          title: attack.title,
          objective: attack.objective,
          carrier: attack.carrier,
          prelude: mutation.prelude ?? [],
          payload: mutation.payload,
          tools: attack.tools,
          planted,
        };
        if (attack.question !== undefined) c.question = attack.question;
        cases.push(c);
      }
    }
  }
  return cases;
}

/** Eval's JSONL lines (`warden eval --dataset`): every text an attacker controls, labelled attack. */
export function casesAsEvalLines(cases: readonly AttackCase[]): string[] {
  return cases.map((c) => JSON.stringify({ text: [...c.prelude, c.payload].join('\n'), label: 'attack', category: `${c.category}/${c.strategy}` }));
}
