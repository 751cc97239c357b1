/**
 * `npm run audit:deps [-- --level high] [-- --require]`: npm's advisory check of the locked dependency tree.
 * Exit 0 passed, 1 advisories at or above the level, 2 skipped under --require or unreadable output. Without
 * --require a refused or unreachable advisory endpoint is a skip (exit 0) printed as such, never as a pass.
 */
import { SEVERITIES, classifyAudit, type Severity } from './audit-result.js';
import { runNpm } from './npm.js';

const i = process.argv.indexOf('--level');
const level = (i > 0 ? process.argv[i + 1] : 'moderate') as Severity;
if (!SEVERITIES.includes(level)) {
  console.error(`audit:deps: --level must be one of ${SEVERITIES.join(', ')}`);
  process.exit(2);
}
const run = runNpm(['audit', '--json', '--package-lock-only'], 180_000);
let outcome;
try {
  outcome = classifyAudit(run.stdout, level);
} catch (err) {
  console.error(`audit:deps: ${(err as Error).message}`);
  process.exit(2);
}
const summary = (c: Record<Severity, number>): string => SEVERITIES.map((s) => `${c[s]} ${s}`).join(', ');
if (outcome.kind === 'skipped') {
  console.log(`audit:deps: SKIPPED, not checked: ${outcome.reason}`);
  process.exit(process.argv.includes('--require') ? 2 : 0);
}
if (outcome.kind === 'failed') {
  console.log(`audit:deps: FAILED, ${outcome.atOrAbove} advisories at or above ${level} (${summary(outcome.counts)}); run \`npm audit\` for details`);
  process.exit(1);
}
console.log(`audit:deps: passed, none at or above ${level} (${summary(outcome.counts)})`);
