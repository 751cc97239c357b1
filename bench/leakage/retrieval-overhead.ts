/**
 * Retrieval-guard overhead on 10,000 documents: the SQLite FTS5 store's filtered search (permission filter inside the
 * query, src/retrieval/sqlite-store.ts) per query, against the same query without the filter, in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from '../../src/cli/eval/metrics.js';
import { accessRuleConfig } from '../../src/retrieval/config.js';
import { openSqliteDocumentStore } from '../../src/retrieval/sqlite-store.js';
import type { RetrievalDocument, RetrievalSubject } from '../../src/spec/retrieval.js';
import { prng } from '../lib/prng.js';

const GROUPS = ['sales', 'eng', 'hr', 'exec', 'support'];
const LEVELS = ['public', 'internal', 'confidential', 'restricted'];
const VOCABULARY = 3_000;
const WORDS_PER_DOC = 40;

/** Deterministic pseudo-words: a document's vocabulary is spread like prose, each term in a few percent of documents. */
function word(i: number): string {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'zi', 'pe', 'su', 'gri', 'dal'];
  let w = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / syllables.length)) w += syllables[n % syllables.length];
  return w;
}

/** Zipf-like draw: low ranks are common words, high ranks rare ones. */
function draw(next: () => number): string {
  return word(Math.floor(VOCABULARY * next() ** 2.5));
}

function corpus(n: number, next: () => number): RetrievalDocument[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `doc-${i}`,
    tenant: `t${i % 10}`,
    groups: [GROUPS[i % GROUPS.length] as string],
    classification: LEVELS[i % LEVELS.length] as string,
    source: `kb/${i}.md`,
    text: Array.from({ length: WORDS_PER_DOC }, () => draw(next)).join(' '),
  }));
}

export interface RetrievalOverhead {
  docs: number;
  queries: number;
  filtered_p99_ms: number;
  unfiltered_p99_ms: number;
}

export async function measureRetrievalOverhead(docs = 10_000, queries = 1_000): Promise<RetrievalOverhead> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-retrieval-bench-'));
  const store = openSqliteDocumentStore({ dataDir: dir }, accessRuleConfig());
  try {
    const next = prng(16);
    await store.put(corpus(docs, next));
    const filtered: number[] = [];
    const unfiltered: number[] = [];
    for (let q = 0; q < queries; q++) {
      const text = [draw(next), draw(next), draw(next)].join(' ');
      const subject: RetrievalSubject = { tenant: `t${q % 10}`, userId: `u${q}`, roles: [], groups: [GROUPS[q % GROUPS.length] as string], clearance: 'confidential' };
      // Interleaved, so both see the same machine state.
      let t0 = performance.now();
      store.searchSync(subject, { text, limit: 5 });
      filtered.push(performance.now() - t0);
      t0 = performance.now();
      store.searchUnfiltered({ text, limit: 5 });
      unfiltered.push(performance.now() - t0);
    }
    return { docs, queries, filtered_p99_ms: percentile(filtered, 99), unfiltered_p99_ms: percentile(unfiltered, 99) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
