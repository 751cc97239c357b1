/**
 * Leakage benchmark (issue 16): leakage attempts (cross-tenant and cross-group retrieval, canary extraction,
 * system-prompt extraction, paraphrased restricted content, markdown-image exfiltration with encoded data) and
 * legitimate questions, each one HTTP request as its persona's virtual key through the real gateway on loopback,
 * with the demo model as a compromised model (bench/leakage/gateway.ts); the block rate of restricted-content on
 * benign text (bench/leakage/restricted-fpr.ts); and the retrieval guard's p99 per query on 10,000 documents
 * (bench/retrieval/overhead.ts, the figure bench:retrieval owns). Scenarios are data: bench/leakage/*.yaml.
 *
 * Run: npm run bench:leakage     The last line is one JSON object.
 */
import { loadavg } from 'node:os';
import { percentile } from '../src/cli/eval/metrics.js';
import { gatewayConfigFromObject } from '../src/gateway/config.js';
import { halfTranslate, reword } from '../src/gateway/upstreams/demo-context.js';
import { createWarden } from '../src/warden.js';
import { leaked, leakageGatewayConfig, legitOk, runRequest, startLeakageGateway } from './leakage/gateway.js';
import { benignSets, measureRestrictedFpr } from './leakage/restricted-fpr.js';
import { KINDS, loadScenarios } from './leakage/scenarios.js';
import { measureRetrievalOverhead } from './retrieval/overhead.js';

const round = (n: number, d = 3) => Number(n.toFixed(d));
const load = () => round(loadavg()[0] ?? 0, 2);
const { corpus, attempts, legit } = loadScenarios();
console.log(`Leakage benchmark: ${attempts.length} attempts, ${legit.length} legitimate questions, ${corpus.documents.length} documents, ${Object.keys(corpus.personas).length} personas; load average ${load()}`);
const gw = await startLeakageGateway(corpus);

const perKind = new Map<string, { n: number; leaks: number }>();
const stoppedBy = new Map<string, number>();
const requestMs: number[] = [];
let leaks = 0;
let legitOkCount = 0;
try {
  for (const a of attempts) {
    const o = await runRequest(gw, a);
    requestMs.push(o.ms);
    const got = leaked(gw, a, o);
    const k = perKind.get(a.kind) ?? { n: 0, leaks: 0 };
    k.n++;
    if (got.length > 0) {
      leaks++;
      k.leaks++;
      console.log(`  LEAK ${a.id} (${a.kind}): ${got.join(', ')}`);
    }
    perKind.set(a.kind, k);
    // What stopped it: the input scan, the output scan, or nothing had to (the model never saw restricted text).
    const layer = o.stoppedAt === 'none' ? 'retrieval guard and isolation (the answer holds only permitted text)' : `${o.stoppedAt} scan: ${o.rules[0] ?? `HTTP ${o.status}`}`;
    stoppedBy.set(layer, (stoppedBy.get(layer) ?? 0) + 1);
  }
  for (const l of legit) {
    const o = await runRequest(gw, l);
    requestMs.push(o.ms);
    if (legitOk(l, o)) legitOkCount++;
    else console.log(`  LEGIT LOST ${l.id}: ${o.blocked ? `blocked by ${o.rules.join(', ') || `HTTP ${o.status}`}` : 'answer misses an expected fact'}`);
  }
} finally {
  await gw.close();
}

console.log('\nattempts by kind:');
for (const kind of KINDS) {
  const k = perKind.get(kind) ?? { n: 0, leaks: 0 };
  console.log(`  ${kind.padEnd(14)} ${String(k.n).padStart(3)} attempts, ${k.leaks} leaked`);
}
console.log('stopped by:');
for (const [layer, n] of [...stoppedBy].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)}  ${layer}`);
console.log(`legitimate answers keeping their permitted context: ${legitOkCount}/${legit.length} (${round((100 * legitOkCount) / legit.length, 1)}%)`);
console.log(`per HTTP request (admission, retrieval, input scan, isolation, demo model, output scan): p50 ${round(percentile(requestMs, 50))} ms, p99 ${round(percentile(requestMs, 99))} ms`);

const policy = gatewayConfigFromObject(leakageGatewayConfig('.')).policy;
const warden = createWarden(policy);
const fpr = measureRestrictedFpr(warden, corpus.documents, benignSets());
console.log('\nrestricted-content/reproduced on benign text (every document restricted for the caller):');
for (const r of fpr) {
  console.log(`  ${r.name}: ${r.blocked}/${r.texts} blocked`);
  for (const e of r.examples.slice(0, 5)) console.log(`    blocked: ${e}`);
}
// The same measure on reproductions (each document verbatim, reworded, half-translated, as the demo model leaks):
// it must block them all, or a low rate above means nothing.
const [control] = measureRestrictedFpr(warden, corpus.documents, [{ name: 'control', texts: corpus.documents.flatMap((d) => [d.text, reword(d.text), halfTranslate(d.text)]) }]);
console.log(`  control, the documents reproduced (verbatim, reworded, half-translated): ${control?.blocked}/${control?.texts} blocked`);
const fprTexts = fpr.reduce((n, r) => n + r.texts, 0);
const fprBlocked = fpr.reduce((n, r) => n + r.blocked, 0);
const restrictedFpr = fprBlocked / Math.max(1, fprTexts);
console.log(`  overall: ${fprBlocked}/${fprTexts} = ${round(100 * restrictedFpr, 2)}%`);

const r = await measureRetrievalOverhead();
console.log(`\nretrieval guard on ${r.docs} documents, ${r.queries} queries (bench:retrieval): filtered p99 ${round(r.retrievalP99Ms)} ms (CPU ${round(r.retrievalCpuP99Ms)} ms), unfiltered p99 ${round(r.baselineP99Ms)} ms; load average ${r.loadAvg.join(' / ')}`);
console.log(
  JSON.stringify({
    leaks,
    attempts: attempts.length,
    legit_ok: legitOkCount,
    legit_total: legit.length,
    retrieval_p99_ms: round(r.retrievalP99Ms),
    restricted_fpr: round(restrictedFpr, 4),
    baseline_p99_ms: round(r.baselineP99Ms),
    docs: r.docs,
    load_avg: load(),
  }),
);
