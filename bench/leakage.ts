/**
 * Leakage benchmark (issue 16): leakage attempts (cross-tenant and cross-group retrieval, canary extraction,
 * system-prompt extraction, paraphrased restricted content, markdown-image exfiltration with encoded data) and
 * legitimate questions, each one request through Warden's context assembly against the demo model behaving as a
 * compromised model (bench/leakage/pipeline.ts); plus the retrieval guard's p99 per query on 10,000 documents.
 * Scenarios are data: bench/leakage/{documents,attempts,legit}.yaml.
 *
 * Run: npm run bench:leakage     The last line is one JSON object.
 */
import { percentile } from '../src/cli/eval/metrics.js';
import { leaked, legitOk, openLeakageEnv, runRequest } from './leakage/pipeline.js';
import { measureRetrievalOverhead } from './leakage/retrieval-overhead.js';
import { KINDS, loadScenarios } from './leakage/scenarios.js';

const round = (n: number, d = 3) => Number(n.toFixed(d));
const { corpus, attempts, legit } = loadScenarios();
console.log(`Leakage benchmark: ${attempts.length} attempts, ${legit.length} legitimate questions, ${corpus.documents.length} documents, ${Object.keys(corpus.personas).length} personas`);
const env = await openLeakageEnv(corpus);

const perKind = new Map<string, { n: number; leaks: number }>();
const stoppedBy = new Map<string, number>();
const requestMs: number[] = [];
let leaks = 0;
for (const a of attempts) {
  const t0 = performance.now();
  const o = runRequest(env, a);
  requestMs.push(performance.now() - t0);
  const got = leaked(a, o);
  const k = perKind.get(a.kind) ?? { n: 0, leaks: 0 };
  k.n++;
  if (got.length > 0) {
    leaks++;
    k.leaks++;
    console.log(`  LEAK ${a.id} (${a.kind}): ${got.join(', ')}`);
  }
  perKind.set(a.kind, k);
  // What stopped it: the input scan, the output scan, or the retrieval guard (the model never saw restricted text).
  const layer = o.stoppedAt === 'none' ? 'retrieval guard (the answer holds only permitted text)' : `${o.stoppedAt} scan: ${o.rules[0] ?? ''}`;
  stoppedBy.set(layer, (stoppedBy.get(layer) ?? 0) + 1);
}
let legitOkCount = 0;
for (const l of legit) {
  const t0 = performance.now();
  const o = runRequest(env, l);
  requestMs.push(performance.now() - t0);
  if (legitOk(l, o)) legitOkCount++;
  else console.log(`  LEGIT LOST ${l.id}: ${o.blocked ? `blocked by ${o.rules.join(', ')}` : 'answer misses an expected fact'}`);
}
await env.store.close();

console.log('\nattempts by kind:');
for (const kind of KINDS) {
  const k = perKind.get(kind) ?? { n: 0, leaks: 0 };
  console.log(`  ${kind.padEnd(14)} ${String(k.n).padStart(3)} attempts, ${k.leaks} leaked`);
}
console.log('stopped by:');
for (const [layer, n] of [...stoppedBy].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)}  ${layer}`);
console.log(`legitimate answers keeping their permitted context: ${legitOkCount}/${legit.length} (${round((100 * legitOkCount) / legit.length, 1)}%)`);
console.log(`per request (store search + input scan + isolation + demo + output scan): p50 ${round(percentile(requestMs, 50))} ms, p99 ${round(percentile(requestMs, 99))} ms`);

const r = await measureRetrievalOverhead();
console.log(
  `retrieval guard on ${r.docs} documents, ${r.queries} queries: filtered search p99 ${round(r.filtered_p99_ms)} ms vs unfiltered ${round(r.unfiltered_p99_ms)} ms ` +
    `(ratio ${round(r.filtered_p99_ms / Math.max(r.unfiltered_p99_ms, 1e-6), 2)}x; target p99 <= 2 ms)`,
);
console.log(JSON.stringify({ leaks, attempts: attempts.length, legit_ok: legitOkCount, legit_total: legit.length, retrieval_p99_ms: round(r.filtered_p99_ms), baseline_p99_ms: round(r.unfiltered_p99_ms), docs: r.docs }));
