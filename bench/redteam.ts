/**
 * Red-team proof: the `standard` suite (every strategy, three attacks per category) against the demo model
 * called directly and through a Warden gateway started in this process from warden.example.yaml, as
 * `warden redteam compare` runs them. Prints the side-by-side table; the last line is one JSON object.
 * Run: npm run bench:redteam [-- --seed N]
 */
import { resolve } from 'node:path';
import { compareRows, renderCompare } from '../src/redteam/compare.js';
import { generateCases } from '../src/redteam/generate.js';
import { loadAttackLibrary } from '../src/redteam/library.js';
import { openTarget, parseTargetSpec } from '../src/redteam/open-target.js';
import type { RunReport } from '../src/redteam/report/run-report.js';
import { runSession } from '../src/redteam/session.js';
import { loadSuite } from '../src/redteam/suites.js';

const config = resolve(import.meta.dirname, '../warden.example.yaml');
const seedArg = process.argv.indexOf('--seed');
const seed = seedArg > 0 ? Number(process.argv[seedArg + 1]) : 1;
const suite = loadSuite('standard');
const cases = generateCases(loadAttackLibrary(), { seed, strategies: suite.strategies, defaultCount: suite.count, categories: suite.categories });
const ctx = { config, timeoutMs: 30_000 };
const reports: RunReport[] = [];
for (const text of ['direct=upstream:demo', `gateway=gateway:${config}`]) {
  const opened = await openTarget(parseTargetSpec(text), ctx);
  try {
    reports.push(await runSession(cases, opened.target, { concurrency: 4, maxTokens: 1024, retries: 2, backoffMs: 200, maxBackoffMs: 10_000, seed, strategies: suite.strategies }));
  } finally {
    await opened.close();
  }
}
const rows = compareRows(reports.map((report) => ({ report })));
process.stdout.write(renderCompare(rows));
const [direct, gateway] = rows;
if (!direct || !gateway) throw new Error('bench:redteam expected two targets');
const strategyAsr = (i: number) => Object.fromEntries(Object.entries(reports[i]?.summary.byStrategy ?? {}).map(([k, t]) => [k, t.asr]));
process.stdout.write(`\nASR by strategy, direct:  ${JSON.stringify(strategyAsr(0))}\nASR by strategy, gateway: ${JSON.stringify(strategyAsr(1))}\n`);
process.stdout.write(
  `${JSON.stringify({
    bench: 'redteam',
    seed,
    cases: cases.length,
    asr_direct: direct.asr,
    asr_gateway: gateway.asr,
    asr_reduction: gateway.asr === 0 ? null : Math.round((direct.asr / gateway.asr) * 100) / 100,
    blocked_gateway: gateway.blocked,
    security_score_direct: direct.securityScore,
    security_score_gateway: gateway.securityScore,
    errors: direct.errors + gateway.errors,
    latency_p50_ms_gateway: gateway.latencyP50Ms,
  })}\n`,
);
