/**
 * Leave-one-source-out evaluation of a training recipe (scripts/classifier/loso.ts): per held-out source
 * group, recall and benign FPR at thresholds chosen without it; the last line is the JSON summary.
 * Usage: npx tsx scripts/eval-loso.ts [--recipe logreg|logreg-unweighted|logreg-nocorpus|logreg-source-balanced|logreg-contrast|logreg-real-documents|logreg-real-documents-half|embedding|ensemble] [--orders N]
 *   BENCH_QUICK=1: twelve representative groups. --orders N (or LOSO_ORDERS=N): each fold trained in N row orders,
 *   rates averaged, each order's macro figures in `by_order`; compare recipes on the mean (one order moves macro
 *   recall by ~0.03). Benign rows of real-document sources (document-sources.ts) are scored as documents too;
 *   LOSO_DOCUMENT_TWINS=0 scores them as prompts only, as before session 15.
 */
import { loadAllExamples } from './classifier/build.js';
import { DATASETS, datasetsAvailable } from './classifier/data.js';
import { ordersFromEnv, RECIPES, runLosoReport } from './classifier/loso-report.js';

if (!datasetsAvailable()) {
  console.error(`eval-loso: datasets not found in ${DATASETS}; set WARDEN_DATASETS`);
  process.exit(2);
}
const flag = process.argv.indexOf('--recipe');
const name = flag > 0 ? process.argv[flag + 1] : 'logreg';
const recipe = RECIPES.find((r) => r.name === name);
if (recipe === undefined) {
  console.error(`eval-loso: unknown recipe ${String(name)}; expected one of ${RECIPES.map((r) => r.name).join(', ')}`);
  process.exit(2);
}
const ordersFlag = process.argv.indexOf('--orders');
const orders = ordersFlag > 0 ? Number(process.argv[ordersFlag + 1]) : ordersFromEnv();
if (!Number.isInteger(orders) || orders < 1) {
  console.error(`eval-loso: --orders expects a positive integer, got ${String(process.argv[ordersFlag + 1])}`);
  process.exit(2);
}
const summary = runLosoReport(loadAllExamples(), recipe, (line) => console.log(line), orders);
console.log(JSON.stringify(summary));
