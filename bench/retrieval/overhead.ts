/**
 * Retrieval-guard overhead: a synthetic corpus of documents across tenants, groups and levels in the embedded
 * SQLite store, and the per-query latency of the filtered search (the permission filter inside the FTS5 query)
 * against the same query without the filter on the same index, interleaved in one run. Reused by bench:leakage.
 */
import { loadavg } from 'node:os';
import { accessRuleConfig } from '../../src/retrieval/config.js';
import { openSqliteDocumentStore, type SqliteDocumentStore } from '../../src/retrieval/sqlite-store.js';
import { openFile } from '../../src/store/sqlite.js';
import type { RetrievalDocument, RetrievalSubject } from '../../src/spec/retrieval.js';
import { prng } from '../lib/prng.js';

const SYLLABLES = 'ka lo mi ne ru sa ti vo be da fe gi ho ju ly po qu ra se to'.split(' ');
/** 3,000 distinct pseudo-words; drawn with Zipf's law below, as words of real prose are. */
const WORDS = Array.from({ length: 3_000 }, (_, i) => {
  let w = '';
  for (let n = i + 20; n > 0; n = Math.floor(n / SYLLABLES.length)) w += SYLLABLES[n % SYLLABLES.length];
  return w;
});
/** Cumulative Zipf (s = 1) weights over WORDS, for sampling by binary search. */
const ZIPF = (() => {
  const cum: number[] = [];
  let total = 0;
  WORDS.forEach((_, i) => cum.push((total += 1 / (i + 1))));
  return cum.map((c) => c / total);
})();
const TENANTS = ['acme', 'globex', 'initech', 'umbrella'];
const GROUPS = ['finance', 'hr', 'eng', 'sales', 'legal', 'board', 'support', 'ops'];
const LEVELS = ['public', 'internal', 'confidential', 'restricted'];

export interface OverheadResult {
  docs: number;
  queries: number;
  retrievalP50Ms: number;
  retrievalP99Ms: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  /** CPU time of the filtered search (this process only): what the query costs, whatever else the machine runs. */
  retrievalCpuP50Ms: number;
  retrievalCpuP99Ms: number;
  /** Mean hits per filtered query (top-k = 5): the filter does not starve results. */
  meanHits: number;
  /** 1-minute load average at the start and end of the timed queries: wall-clock figures are only comparable with it. */
  loadAvg: [number, number];
}

const pct = (xs: readonly number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? NaN;

function zipfWord(rand: () => number): string {
  const r = rand();
  let lo = 0;
  let hi = ZIPF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ZIPF[mid] as number) < r) lo = mid + 1;
    else hi = mid;
  }
  return WORDS[lo] as string;
}

export function syntheticCorpus(n: number, seed = 16): RetrievalDocument[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => ({
    id: `doc-${i}`,
    tenant: pick(TENANTS),
    groups: rand() < 0.1 ? ['*'] : [pick(GROUPS), ...(rand() < 0.3 ? [pick(GROUPS)] : [])],
    ...(rand() < 0.1 ? { users: [`user-${Math.floor(rand() * 200)}`] } : {}),
    classification: pick(LEVELS),
    source: `corpus/${i}.md`,
    text: Array.from({ length: 60 + Math.floor(rand() * 120) }, () => zipfWord(rand)).join(' '),
  }));
}

export async function buildStore(docs: readonly RetrievalDocument[]): Promise<SqliteDocumentStore> {
  const store = openSqliteDocumentStore({ db: openFile(':memory:') }, accessRuleConfig());
  for (let i = 0; i < docs.length; i += 2_500) await store.put(docs.slice(i, i + 2_500));
  return store;
}

/** Runs `queries` random 1-4 word queries (words drawn as in the documents) as random callers, filtered and unfiltered alternately. */
export async function measureRetrievalOverhead(opts: { docs?: number; queries?: number } = {}): Promise<OverheadResult> {
  const n = opts.docs ?? 10_000;
  const queries = opts.queries ?? 2_000;
  const store = await buildStore(syntheticCorpus(n));
  const rand = prng(99);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const filtered: number[] = [];
  const filteredCpu: number[] = [];
  const baseline: number[] = [];
  let hits = 0;
  let loadStart = 0;
  try {
    for (let i = 0; i < queries + 200; i++) {
      const subject: RetrievalSubject = { tenant: pick(TENANTS), userId: `user-${i % 200}`, roles: [], groups: [pick(GROUPS)], clearance: pick(LEVELS) };
      const query = { text: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => zipfWord(rand)).join(' '), limit: 5 };
      if (i === 200) loadStart = loadavg()[0] ?? 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const got = store.searchSync(subject, query);
      const t1 = performance.now();
      const cpu = process.cpuUsage(c0);
      store.searchUnfiltered(query);
      const t2 = performance.now();
      // The first 200 rounds warm the JIT and SQLite's page cache.
      if (i < 200) continue;
      filtered.push(t1 - t0);
      filteredCpu.push((cpu.user + cpu.system) / 1000);
      baseline.push(t2 - t1);
      hits += got.length;
    }
  } finally {
    await store.close();
  }
  const ms = (v: number) => Math.round(v * 1000) / 1000;
  return {
    docs: n,
    queries,
    retrievalP50Ms: ms(pct(filtered, 0.5)),
    retrievalP99Ms: ms(pct(filtered, 0.99)),
    baselineP50Ms: ms(pct(baseline, 0.5)),
    baselineP99Ms: ms(pct(baseline, 0.99)),
    retrievalCpuP50Ms: ms(pct(filteredCpu, 0.5)),
    retrievalCpuP99Ms: ms(pct(filteredCpu, 0.99)),
    meanHits: Math.round((hits / queries) * 100) / 100,
    loadAvg: [loadStart, loadavg()[0] ?? 0].map((l) => Math.round(l * 100) / 100) as [number, number],
  };
}
