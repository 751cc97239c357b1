/**
 * The fuzz properties of test/fuzz on a large budget: parsers, wire adapters, stream parsing, hold-back,
 * library scans and the whole gateway. A crash is a violated property or an unexpected exception (target 0);
 * each one prints fast-check's shrunk counterexample.
 *
 * Run: npm run bench:fuzz [-- --cases N --seed S --only NAME]   (also FUZZ_CASES, FUZZ_SEED)
 * Last line: one JSON object {"cases","crashes","seed","per_property","seconds"}.
 */
import { parseArgs } from 'node:util';
import { renderTable } from '../src/cli/eval/table.js';
import type { FuzzProperty } from '../test/fuzz/harness.js';
import { fuzzProperties } from '../test/fuzz/properties.js';

const { values } = parseArgs({
  options: { cases: { type: 'string' }, seed: { type: 'string' }, only: { type: 'string' } },
});
const total = Number(values.cases ?? process.env.FUZZ_CASES ?? 100_000);
const seed = Number(values.seed ?? process.env.FUZZ_SEED ?? 20261207);
if (!Number.isInteger(total) || total < 1 || !Number.isInteger(seed)) throw new Error('--cases must be a positive integer and --seed an integer');

/**
 * Cases per fast-check run: a run stops at its first failure, so the budget is spread over several runs
 * (seed, seed+1, ...) and every failing run counts as one crash while the others keep exploring.
 */
const BATCH = 2_000;

/** Exceptions that escape a property (a stray promise in the gateway) are crashes too. */
let escaped = 0;
const onEscape = (err: unknown) => {
  escaped += 1;
  console.error(`unhandled: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
};
process.on('unhandledRejection', onEscape);
process.on('uncaughtException', onEscape);

interface PropertyResult {
  cases: number;
  crashes: number;
  seconds: number;
}

async function runProperty(p: FuzzProperty, cases: number): Promise<PropertyResult> {
  const t0 = performance.now();
  let done = 0;
  let crashes = 0;
  for (let batch = 0; done < cases; batch++) {
    const before = escaped;
    const o = await p.run({ seed: seed + batch, numRuns: Math.min(BATCH, cases - done) });
    done += o.cases;
    crashes += (o.failed ? 1 : 0) + (escaped - before);
    if (o.failed) console.log(`\n${p.name}: CRASH (seed ${seed + batch})\n${o.report}\n`);
  }
  return { cases: done, crashes, seconds: Math.round(performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const props = fuzzProperties().filter((p) => values.only === undefined || p.name.includes(values.only));
  const weights = props.reduce((s, p) => s + p.weight, 0);
  const t0 = performance.now();
  const perProperty: Record<string, PropertyResult> = {};
  for (const p of props) {
    const r = await runProperty(p, Math.max(1, Math.ceil((total * p.weight) / weights)));
    perProperty[p.name] = r;
    console.log(`${p.name}: ${r.cases} cases, ${r.crashes} crashes, ${r.seconds} s`);
  }
  const rows = Object.entries(perProperty).map(([name, r]) => [name, r.cases, r.crashes, r.seconds]);
  const cases = Object.values(perProperty).reduce((s, r) => s + r.cases, 0);
  const crashes = Object.values(perProperty).reduce((s, r) => s + r.crashes, 0);
  console.log(`\n${renderTable(['property', 'cases', 'crashes', 'seconds'], rows, { title: `fuzz: seed ${seed}` })}`);
  const seconds = Math.round(performance.now() - t0) / 1000;
  console.log(JSON.stringify({ cases, crashes, seed, per_property: perProperty, seconds }));
  process.exitCode = crashes > 0 ? 1 : 0;
}

await main();
