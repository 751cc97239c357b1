/**
 * Never-repeating prompts and what scanning them costs beyond time: each text is scanned once, so no per-text
 * reuse can help, and the tail shows the garbage each scan leaves (a scavenge every N scans lands on one of them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { mulberry32 } from '../../scripts/lib/prng.js';
import { percentile } from '../../src/cli/eval/metrics.js';

const ROOT = new URL('../../', import.meta.url);

/** Benign sentences from the committed training data and test fixtures (attacks left out: the scans should allow). */
function benignSentences(): string[] {
  const files = [
    ...readdirSync(new URL('training/', ROOT))
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => new URL(`training/${f}`, ROOT)),
    new URL('test/fixtures/content-benign.jsonl', ROOT),
  ];
  const out: string[] = [];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as { text?: unknown; label?: unknown; lang?: unknown; category?: unknown };
      if (typeof row.text !== 'string' || row.label === 'attack' || row.category === 'benign_hard' || (row.lang !== undefined && row.lang !== 'en')) continue;
      for (const s of row.text.split(/(?<=[.?!])\s+/)) if (s.length >= 20 && s.length <= 300) out.push(s);
    }
  }
  return out;
}

/**
 * `n` distinct prompts of about `bytes` characters: sentences drawn by a seeded generator, each followed now and
 * then by a few words drawn from the whole word list, so no two prompts share their sequence of sentences or words.
 */
export function uniquePrompts(n: number, bytes: number, seed: number): string[] {
  const sentences = benignSentences();
  const words = [...new Set(sentences.flatMap((s) => s.toLowerCase().match(/[a-z]{3,}/g) ?? []))];
  const next = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    let text = '';
    while (text.length < bytes) {
      text += pick(sentences);
      if (next() < 0.5) text += ` ${Array.from({ length: 2 + Math.floor(next() * 5) }, () => pick(words)).join(' ')}.`;
      text += next() < 0.15 ? '\n\n' : ' ';
    }
    texts.push(text.slice(0, bytes));
  }
  return texts;
}

export interface UniqueScans {
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  gc_per_1000_scans: number;
  major_gc_per_1000_scans: number;
  /** Mean young-generation bytes one scan allocates, from heap-used deltas of the scans no GC ran during. */
  alloc_bytes_per_scan: number;
  /** p99 over the scans that no GC ran during: what is left of the tail without collections. */
  p99_no_gc_ms: number;
}

/** Scans every text once; a warm-up pass over `warmup` other texts goes first. */
export async function scanEachOnce(scan: (text: string) => unknown, texts: readonly string[], warmup: readonly string[]): Promise<UniqueScans> {
  for (const t of warmup) scan(t);
  const gcs: { start: number; end: number; major: boolean }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0;
      // kind 1 = scavenge (minor); mark-compact, incremental marking and weak callbacks count as major.
      gcs.push({ start: e.startTime, end: e.startTime + e.duration, major: kind !== 1 });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const n = texts.length;
  const wall = new Float64Array(n);
  const startAt = new Float64Array(n);
  const heapDelta = new Float64Array(n);
  // getHeapStatistics allocates its result object: measured around an empty call pair and subtracted.
  let overhead = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 50; i++) {
    const a = getHeapStatistics().used_heap_size;
    const b = getHeapStatistics().used_heap_size;
    if (b >= a) overhead = Math.min(overhead, b - a);
  }
  for (let i = 0; i < n; i++) {
    const h0 = getHeapStatistics().used_heap_size;
    startAt[i] = performance.now();
    const t0 = process.hrtime.bigint();
    scan(texts[i] as string);
    wall[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    heapDelta[i] = getHeapStatistics().used_heap_size - h0 - overhead;
  }
  await new Promise((r) => setTimeout(r, 50));
  observer.disconnect();
  const hitByGc = (i: number) => gcs.some((g) => g.end >= (startAt[i] as number) && g.start <= (startAt[i] as number) + (wall[i] as number));
  const clean: number[] = [];
  let allocSum = 0;
  for (let i = 0; i < n; i++) {
    if (hitByGc(i) || (heapDelta[i] as number) < 0) continue;
    clean.push(wall[i] as number);
    allocSum += heapDelta[i] as number;
  }
  const all = Array.from(wall);
  return {
    p50_ms: percentile(all, 50),
    p99_ms: percentile(all, 99),
    max_ms: Math.max(...all),
    gc_per_1000_scans: (gcs.length * 1000) / n,
    major_gc_per_1000_scans: (gcs.filter((g) => g.major).length * 1000) / n,
    alloc_bytes_per_scan: clean.length > 0 ? allocSum / clean.length : 0,
    p99_no_gc_ms: percentile(clean, 99),
  };
}
