/**
 * Leave-one-source-out evaluation of a training recipe (scripts/classifier/loso.ts): per held-out source
 * group, recall and benign FPR at thresholds chosen without it; the last line is the JSON summary.
 * Usage: npx tsx scripts/eval-loso.ts [--recipe logreg|logreg-unweighted|logreg-nocorpus|logreg-source-balanced|logreg-contrast|embedding|ensemble]   (BENCH_QUICK=1: twelve representative groups)
 */
import { loadAllExamples } from './classifier/build.js';
import { DATASETS, datasetsAvailable } from './classifier/data.js';
import { RECIPES, runLosoReport } from './classifier/loso-report.js';

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
const summary = runLosoReport(loadAllExamples(), recipe, (line) => console.log(line));
console.log(JSON.stringify(summary));
