/** Runs the LOSO harness for one recipe and prints its per-group table (shared by eval-loso and bench:quality). */
import { promptInjection } from '../../src/detectors/prompt-injection.js';
import type { Example, SetName } from './data.js';
import { evaluableGroups, formatGroups, runLoso, summarize, type LosoSummary, type Recipe } from './loso.js';
import { embeddingRecipe, ensembleRecipe, logregNoCorpusRecipe, logregRecipe } from './recipes.js';

export const RECIPES: readonly Recipe[] = [logregRecipe, logregNoCorpusRecipe, embeddingRecipe, ensembleRecipe];
/** The recipe `npm run train` uses for the committed model. */
export const SHIPPED_RECIPE: Recipe = logregRecipe;

/** The prompt-injection rules at the set's stage, as the default policy runs them beside the classifier. */
function rules(text: string, set: SetName): boolean {
  const ctx = { stage: set === 'direct' ? ('input' as const) : ('retrieved' as const), settings: { threshold: 0.5, options: {} }, request: {} };
  return promptInjection.scan(text, ctx).some((f) => f.score >= 0.5);
}

/** BENCH_QUICK=1: the four largest groups only, for development (LOSO_GROUPS=a,b: exactly those). */
export const QUICK = process.env['BENCH_QUICK'] === '1';

export function runLosoReport(all: readonly Example[], recipe: Recipe, print: (line: string) => void): LosoSummary & { recipe: string; quick: boolean; seconds: number } {
  const started = performance.now();
  const only = process.env['LOSO_GROUPS']?.split(',');
  const groups = only ?? evaluableGroups(all).slice(0, QUICK ? 4 : undefined);
  const [head] = formatGroups([]);
  print(`Leave-one-source-out, recipe ${recipe.name}${QUICK ? ' (BENCH_QUICK: four largest groups)' : ''}: rate (n) per held-out group`);
  print(head as string);
  const results = runLoso(all, recipe, { groups, companion: rules, onGroup: (r) => print(formatGroups([r])[1] as string) });
  const summary = summarize(results);
  return { recipe: recipe.name, quick: QUICK, seconds: Math.round((performance.now() - started) / 1000), ...summary };
}
