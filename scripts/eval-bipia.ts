/**
 * Attack-string-held-out check of the indirect weight set. BIPIA reuses a small set of attack strings
 * across documents, so the prefix split alone rewards memorising them. Here every BIPIA document whose
 * attack comes from BIPIA's `test` attack list (id `...-poison-<position>-test-<category>-<n>`, disjoint
 * categories from the `train` list) is held out with its clean twin; the indirect set is retrained on
 * the rest and calibrated on the usual validation fold plus the held-out clean twins.
 * Usage: npx tsx scripts/eval-bipia.ts
 */
import { promptInjection } from '../src/detectors/prompt-injection.js';
import { loadAllExamples, scoreAll, trainCalibrated } from './classifier/build.js';
import { DATASETS, datasetsAvailable, isValidation, type Example } from './classifier/data.js';

if (!datasetsAvailable()) {
  console.error(`eval-bipia: datasets not found in ${DATASETS}; set WARDEN_DATASETS`);
  process.exit(2);
}
const ATTACK_SPLIT = /-poison-[a-z]+-(train|test)-/;
const all = loadAllExamples();
const heldGroups = new Set(all.filter((e) => ATTACK_SPLIT.exec(e.id)?.[1] === 'test').map((e) => e.group));
const isHeld = (e: Example): boolean => heldGroups.has(e.group);
const { final, rawThreshold } = trainCalibrated(
  all.filter((e) => !isHeld(e) && !isValidation(e.group)),
  all.filter((e) => isHeld(e) || isValidation(e.group)),
  'indirect',
);
const ctx = { stage: 'retrieved' as const, settings: { threshold: 0.5, options: {} }, request: {} };
const report = (name: string, rows: readonly Example[]): void => {
  const scored = scoreAll(rows, final, 'indirect');
  const n = Math.max(1, rows.length);
  const classifier = scored.filter((s) => s.score >= 0.5).length / n;
  const either = rows.filter((e, i) => (scored[i]?.score ?? 0) >= 0.5 || promptInjection.scan(e.text, ctx).some((f) => f.score >= 0.5)).length / n;
  console.log(`${name.padEnd(44)} n=${String(rows.length).padStart(4)} classifier=${classifier.toFixed(3)} with rules=${either.toFixed(3)}`);
};
console.log(`indirect set trained without BIPIA test-list attacks (raw threshold ${rawThreshold})`);
report('held-out attacks (BIPIA test attack list)', all.filter((e) => isHeld(e) && e.label === 'attack'));
for (const task of ['email', 'table', 'code']) {
  report(`  ${task}`, all.filter((e) => isHeld(e) && e.label === 'attack' && e.id.startsWith(`bipia-${task}-`)));
}
report('held-out clean twins (FPR)', all.filter((e) => isHeld(e) && e.label === 'benign'));
report('benign, validation fold (FPR)', all.filter((e) => isValidation(e.group) && !isHeld(e) && e.label === 'benign' && e.category === 'benign' && !e.source.startsWith('microsoft/BIPIA')));
report('project-written indirect attacks, validation', all.filter((e) => isValidation(e.group) && e.category === 'indirect_injection' && e.source.startsWith('project-written')));

// Recall at a few false-positive budgets on the held-out clean twins (classifier alone).
const attackScores = scoreAll(all.filter((e) => isHeld(e) && e.label === 'attack'), final, 'indirect').map((s) => s.score);
const cleanScores = scoreAll(all.filter((e) => isHeld(e) && e.label === 'benign'), final, 'indirect')
  .map((s) => s.score)
  .sort((a, b) => b - a);
for (const fpr of [0, 0.01, 0.02, 0.05]) {
  const t = (cleanScores[Math.floor(fpr * cleanScores.length)] ?? 0) + 1e-12;
  const recall = attackScores.filter((s) => s >= t).length / Math.max(1, attackScores.length);
  console.log(`  at FPR <= ${(fpr * 100).toFixed(0)} % on the held-out clean twins: recall ${recall.toFixed(3)}`);
}
