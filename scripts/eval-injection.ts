/**
 * Quick quality report for the injection detectors on the validation fold the classifier was not
 * trained on: per category, rules alone, classifier alone and both (the policy blocks if either fires).
 * Usage: npx tsx scripts/eval-injection.ts
 */
import type { DetectorContext, Stage } from '../src/spec/types.js';
import { injectionClassifier } from '../src/detectors/injection-classifier.js';
import { promptInjection } from '../src/detectors/prompt-injection.js';
import { DATASETS, datasetsAvailable, isValidation, loadProjectWritten, loadSharedClassification, loadSharedIndirect, type Example } from './classifier/data.js';

if (!datasetsAvailable()) {
  console.error(`eval-injection: datasets not found in ${DATASETS}; set WARDEN_DATASETS`);
  process.exit(2);
}

const THRESHOLD = 0.5;
function ctx<O>(stage: Stage, options: O): DetectorContext<O> {
  return { stage, settings: { threshold: THRESHOLD, options }, request: {} };
}

function fires(e: Example, stage: Stage): { rules: boolean; classifier: boolean } {
  const rules = promptInjection.scan(e.text, ctx(stage, {})).some((f) => f.score >= THRESHOLD);
  const classifier = injectionClassifier.scan(e.text, ctx(stage, { model: 'auto' as const, max_chars: 200_000 })).length > 0;
  return { rules, classifier };
}

const val = [...loadSharedClassification(), ...loadSharedIndirect(), ...loadProjectWritten()].filter((e) => isValidation(e.group));
for (const stage of ['input', 'retrieved'] as const) {
  console.log(`\nstage ${stage} (validation fold, threshold ${THRESHOLD}); share flagged: rules | classifier | either`);
  const groups = new Map<string, { n: number; r: number; c: number; any: number }>();
  for (const e of val) {
    if (stage === 'input' && e.category === 'indirect_injection') continue;
    const key = `${e.label}/${e.category}${e.source.startsWith('project-written') ? ' (project-written)' : e.source.startsWith('microsoft/BIPIA') ? ' (BIPIA)' : ''}`;
    const g = groups.get(key) ?? { n: 0, r: 0, c: 0, any: 0 };
    const f = fires(e, stage);
    g.n++;
    g.r += f.rules ? 1 : 0;
    g.c += f.classifier ? 1 : 0;
    g.any += f.rules || f.classifier ? 1 : 0;
    groups.set(key, g);
  }
  for (const [k, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const pct = (x: number) => (x / g.n).toFixed(3);
    console.log(`  ${k.padEnd(48)} n=${String(g.n).padStart(4)}  ${pct(g.r)} | ${pct(g.c)} | ${pct(g.any)}`);
  }
}
