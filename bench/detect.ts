/**
 * Detection latency: each built-in detector alone and the whole default input policy, on prompt-like text
 * of 1 KB / 10 KB / 100 KB, clean and with an injection embedded. Prints tables; the last line is JSON.
 * The runtime measured is the shipped build (dist/, which `npm run bench:detect` builds first), as in bench:gateway;
 * its peak RSS comes from a plain `node` process that holds only that build (see deploymentMemory).
 * Run: npm run bench:detect
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTable, type Cell } from '../src/cli/eval/table.js';
import type { ChatMessage, Detector, DetectorContext, Stage } from '../src/spec/types.js';
import { injectedText, promptText } from './lib/text.js';
import { percentile } from '../src/cli/eval/metrics.js';
import { peakRssMb, time, type Timing } from './lib/timing.js';
import { scanEachOnce, uniquePrompts } from './lib/unique.js';

const DIST = new URL('../dist/', import.meta.url);
const { BUILTIN_DETECTORS } = (await import(new URL('detectors/index.js', DIST).href)) as typeof import('../src/detectors/index.js');
const { createWarden } = (await import(new URL('warden.js', DIST).href)) as typeof import('../src/warden.js');

const SIZES = [
  { label: '1kb', bytes: 1024, iterations: 5000, maxMs: 2000 },
  { label: '10kb', bytes: 10 * 1024, iterations: 1000, maxMs: 2000 },
  { label: '100kb', bytes: 100 * 1024, iterations: 200, maxMs: 3000 },
] as const;

// Unlimited budget: the benchmark measures full cost, not how early the budget cuts a scan short.
const CTX = { budgetMs: Number.POSITIVE_INFINITY, systemPrompt: 'You are a helpful support assistant for Acme. Never reveal internal pricing rules.', canaries: ['cnry-7f3a9c2e'] };

function detectorRunner(d: Detector): (text: string) => void {
  const stage: Stage = d.stages[0] ?? 'input';
  const ctx: DetectorContext = { stage, settings: { threshold: 0.5, options: d.options.parse({}) as Record<string, unknown> }, request: CTX };
  return (text) => {
    // One scan call, as the pipeline makes it: scan and expand see the same scanId (obfuscation hands its analysis over).
    ctx.scanId = {};
    d.scan(text, ctx);
    if (d.expand) for (const v of d.expand(text, ctx)) d.scan(v.text, ctx);
  };
}

interface Row {
  subject: string;
  size: string;
  variant: string;
  t: Timing;
}

const rows: Row[] = [];
// Every figure but the conversation one measures full scans: the message cache, which would answer a repeated
// text from memory, is off.
const warden = createWarden(undefined, { messageCacheEntries: 0 });
const policyScan = (text: string) => warden.scanInput(text, CTX);

for (const size of SIZES) {
  for (const variant of ['clean', 'injected'] as const) {
    const text = variant === 'clean' ? promptText(size.bytes) : injectedText(size.bytes);
    const opts = { maxIterations: size.iterations, maxMs: size.maxMs };
    rows.push({ subject: 'default input policy', size: size.label, variant, t: time(() => policyScan(text), opts) });
    for (const d of BUILTIN_DETECTORS) {
      const runDetector = detectorRunner(d);
      rows.push({ subject: d.id, size: size.label, variant, t: time(() => runDetector(text), { ...opts, maxMs: size.maxMs / 4 }) });
    }
  }
}

const find = (subject: string, size: string, variant = 'clean') => rows.find((r) => r.subject === subject && r.size === size && r.variant === variant)?.t;
const tableRows: Cell[][] = [...new Set(rows.map((r) => r.subject))].map((subject) => [
  subject,
  ...SIZES.flatMap((s) => [find(subject, s.label)?.p50_ms, find(subject, s.label)?.p99_ms]),
  find(subject, '1kb', 'injected')?.p50_ms,
]);
const headers = ['subject', ...SIZES.flatMap((s) => [`${s.label} p50`, `${s.label} p99`]), '1kb+inj p50'];
process.stdout.write(renderTable(headers, tableRows, { title: 'Latency in ms (clean prompt-like text; last column with an injection embedded)', decimals: 4 }));

// Sanity: the timed scans must be real verdicts, clean text allowed and the embedded injection blocked.
const verdicts = SIZES.map((s) => `${s.label}: clean ${policyScan(promptText(s.bytes)).action}, injected ${policyScan(injectedText(s.bytes)).action}`);
process.stdout.write(`\nVerdicts on the benchmark texts: ${verdicts.join('; ')}\n`);

/**
 * What the gateway pays per request: the default policy's input scan of a 1 KB prompt and output scan of a
 * ~330-character answer, a different text on every call (no per-text reuse can help), CPU time per scan, best
 * of 5 passes over 3,000 texts after a warm-up pass.
 */
function engineCpuUs(scan: (i: number) => void, n: number): number {
  for (let i = 0; i < n; i++) scan(i);
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 5; pass++) {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) scan(i);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / n);
  }
  return best;
}
const ENGINE_TEXTS = 3000;
const ANSWER = 'Sure. Here is a short answer that a model might give to a question like yours, with a few sentences of text. ';
const prompts = Array.from({ length: ENGINE_TEXTS }, (_, i) => promptText(1024, i + 1));
const answers = Array.from({ length: ENGINE_TEXTS }, (_, i) => `${ANSWER.repeat(3)} Ref ${i}.`);
const engineInputUs = engineCpuUs((i) => warden.scanInput([{ role: 'user', content: prompts[i] as string }], CTX), ENGINE_TEXTS);
const engineOutputUs = engineCpuUs((i) => warden.scanOutput(answers[i] as string, CTX), ENGINE_TEXTS);
process.stdout.write(
  `\nPer request in the engine (default policy, a different text each call, CPU): input scan of a 1 KB prompt ${engineInputUs.toFixed(1)} us, ` +
    `output scan of a ${answers[0]?.length ?? 0}-character answer ${engineOutputUs.toFixed(1)} us\n`,
);

/**
 * Never-repeating prompts: 3,000 distinct ~1 KB prompts (benign sentences of the committed training data and
 * fixtures, mixed by a seeded generator), each scanned once by the whole default input policy, after a warm-up
 * on 500 others. The tail of such a run is the garbage each scan leaves: a collection lands on one scan in N.
 * Baseline in the same run: one of those prompts scanned 3,000 times, measured the same way.
 */
const UNIQUE_TEXTS = 3000;
const uniqueTexts = uniquePrompts(UNIQUE_TEXTS, 1024, 7);
const uniqueWarmup = uniquePrompts(500, 1024, 8);
const unique = await scanEachOnce(policyScan, uniqueTexts, uniqueWarmup);
const repeated = await scanEachOnce(policyScan, Array.from({ length: UNIQUE_TEXTS }, () => uniqueTexts[0] as string), uniqueWarmup);
const uniqueRows: Cell[][] = [
  ['3,000 distinct prompts', unique.p50_ms, unique.p99_ms, unique.p99_no_gc_ms, unique.max_ms, unique.gc_per_1000_scans, unique.major_gc_per_1000_scans, unique.alloc_bytes_per_scan],
  ['one prompt 3,000 times', repeated.p50_ms, repeated.p99_ms, repeated.p99_no_gc_ms, repeated.max_ms, repeated.gc_per_1000_scans, repeated.major_gc_per_1000_scans, repeated.alloc_bytes_per_scan],
];
process.stdout.write(
  `\n${renderTable(['prompts', 'p50 ms', 'p99 ms', 'p99 no-GC ms', 'max ms', 'GCs /1000', 'major /1000', 'bytes/scan'], uniqueRows, {
    title: 'Default input policy on never-repeating 1 KB prompts, each scanned once (wall time; GCs from PerformanceObserver; bytes allocated per scan from heap-used deltas of scans without a GC)',
    decimals: 4,
  })}`,
);

/**
 * A chat client sends the whole conversation on every turn. Input scan per turn, CPU, over 10-turn conversations
 * (a system prompt, 1 KB user prompts, ~330-character answers; every conversation different, so hits only come
 * from its own history), with the message cache on (only the new messages are scanned) and off.
 */
const TURNS = 10;
function conversationUs(w: typeof warden, conversations: number, seed: number): number {
  const prompts = Array.from({ length: conversations * TURNS }, (_, i) => promptText(1024, seed + i));
  const start = process.cpuUsage();
  for (let c = 0; c < conversations; c++) {
    const history: ChatMessage[] = [{ role: 'system', content: CTX.systemPrompt }];
    for (let t = 0; t < TURNS; t++) {
      history.push({ role: 'user', content: prompts[c * TURNS + t] as string });
      w.scanInput(history, CTX);
      history.push({ role: 'assistant', content: `${ANSWER.repeat(3)} Ref ${c}.${t}.` });
    }
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (conversations * TURNS);
}
const cached = createWarden();
conversationUs(cached, 10, 500_000);
conversationUs(warden, 10, 500_000);
const turnCachedUs = conversationUs(cached, 100, 600_000);
const turnUncachedUs = conversationUs(warden, 100, 600_000);
process.stdout.write(
  `\nConversation of ${TURNS} turns, input scan per turn (CPU, mean): message cache on ${turnCachedUs.toFixed(1)} us, off ${turnUncachedUs.toFixed(1)} us (x${(turnUncachedUs / turnCachedUs).toFixed(1)})\n`,
);

/**
 * The same input scan with the CPU caches evicted before each call (a 32 MB sweep, untimed): at a moderate
 * request rate a gateway runs other work between requests, so each scan finds its tables cold. Median wall
 * time per scan over 1,000 texts; the warm figure is measured the same way without the sweep.
 */
const sweep = new Uint8Array(32 << 20);
function scanUs(w: typeof warden, bytes: number, cold: boolean, n = 1000): number {
  const texts = Array.from({ length: n }, (_, i) => promptText(bytes, i + 1));
  texts.slice(0, 100).forEach((t) => w.scanInput([{ role: 'user', content: t }], CTX));
  const times = texts.map((t) => {
    if (cold) for (let j = 0; j < sweep.length; j += 64) sweep[j] = (sweep[j] as number) + 1;
    const start = process.hrtime.bigint();
    w.scanInput([{ role: 'user', content: t }], CTX);
    return Number(process.hrtime.bigint() - start) / 1000;
  });
  return percentile(times, 50);
}
const coldRows: Cell[][] = [1024, 8192].map((bytes) => [`${bytes / 1024} KB`, scanUs(warden, bytes, false), scanUs(warden, bytes, true)]);
process.stdout.write(`\n${renderTable(['prompt', 'warm us', 'cold caches us'], coldRows, { title: 'Default input policy per scan, median wall time, a different text each call', decimals: 1 })}`);

/**
 * Where the cold cost sits: the default policy with only one of its input detectors left on, 1 KB, next to the
 * same policy with every detector off (the engine's own cost, first row). Detectors that share work when run
 * together (injection-classifier and harmful-request share a weight table and feature pass) cost less together
 * than their rows apart.
 */
const onlyDetector = (id: string | undefined) =>
  createWarden({ version: 1, extends: 'default', detectors: Object.fromEntries(BUILTIN_DETECTORS.map((d) => [d.id, { enabled: d.id === id }])) }, { messageCacheEntries: 0 });
const COLD_TEXTS = 600;
const oneDetectorRows: Cell[][] = [undefined, ...warden.forStage('input').steps.map((step) => step.detector.id)].map((id) => {
  const w = onlyDetector(id);
  return [id ?? '(none: the engine alone)', scanUs(w, 1024, false, COLD_TEXTS), scanUs(w, 1024, true, COLD_TEXTS)];
});
process.stdout.write(
  `\n${renderTable(['detector on', 'warm us', 'cold caches us'], oneDetectorRows, {
    title: 'Default policy with only one input detector on, 1 KB, median wall time per scan',
    decimals: 1,
  })}`,
);

/**
 * What a deployment holds: a plain `node` process (no tsx loader, none of this benchmark's bookkeeping) loads the
 * build from dist/, creates the default-policy Warden as a gateway does (message cache on), scans each benchmark
 * text of every size 50 times as input, the 3,000 distinct prompts once each as input and the answers as output,
 * and reports its peak RSS (every thread, the tokenizer thread included) and what it holds after a full GC.
 */
const MEMORY_CHILD = `
const [file, warden] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const { createWarden } = await import(warden);
const { sized, prompts, answers } = JSON.parse(readFileSync(file, 'utf8'));
const w = createWarden();
for (const text of sized) for (let i = 0; i < 50; i++) w.scanInput(text);
for (const text of prompts) w.scanInput([{ role: 'user', content: text }]);
for (const text of answers) w.scanOutput(text);
globalThis.gc();
const m = process.memoryUsage();
process.stdout.write(JSON.stringify({ peakRss: process.resourceUsage().maxRSS * 1024, rss: m.rss, heapUsed: m.heapUsed }));
`;
function deploymentMemory(): { peak_rss_mb: number; rss_after_gc_mb: number; heap_used_after_gc_mb: number } {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-'));
  try {
    const file = join(dir, 'texts.json');
    // A file, not node -e: the --input-type=module that -e needs would reach the tokenizer thread's eval'd CommonJS.
    const child = join(dir, 'memory.mjs');
    writeFileSync(child, MEMORY_CHILD);
    const sized = SIZES.flatMap((s) => [promptText(s.bytes), injectedText(s.bytes)]);
    writeFileSync(file, JSON.stringify({ sized, prompts: uniqueTexts, answers }));
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const run = spawnSync(process.execPath, ['--expose-gc', child, file, new URL('warden.js', DIST).href], { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`memory child failed: ${run.stderr}`);
    const r = JSON.parse(run.stdout) as { peakRss: number; rss: number; heapUsed: number };
    const mb = (b: number) => b / 1048576;
    return { peak_rss_mb: mb(r.peakRss), rss_after_gc_mb: mb(r.rss), heap_used_after_gc_mb: mb(r.heapUsed) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const memory = deploymentMemory();
process.stdout.write(
  `\nThe built runtime alone (plain node, default policy, every benchmark text scanned): peak RSS ${memory.peak_rss_mb.toFixed(0)} MB, ` +
    `after a full GC RSS ${memory.rss_after_gc_mb.toFixed(0)} MB, JS heap ${memory.heap_used_after_gc_mb.toFixed(0)} MB (target peak <= 400)\n`,
);

const p1 = find('default input policy', '1kb') as Timing;
const p100 = find('default input policy', '100kb') as Timing;
const p1inj = find('default input policy', '1kb', 'injected') as Timing;
const throughput = (100 * 1024) / (p100.mean_ms / 1000) / (1024 * 1024);
const linearity = p100.p50_ms / (100 * 1024) / (p1.p50_ms / 1024);
process.stdout.write(
  `\nWhole default input policy: 1 KB p50 ${p1.p50_ms.toFixed(4)} ms, p99 ${p1.p99_ms.toFixed(4)} ms (target p50 <= 0.3, p99 <= 1); ` +
    `CPU time p50 ${p1.cpu_p50_ms.toFixed(4)} ms, p99 ${p1.cpu_p99_ms.toFixed(4)} ms; ` +
    `throughput at 100 KB ${throughput.toFixed(1)} MB/s; time per byte 100 KB vs 1 KB x${linearity.toFixed(2)}; peak RSS of the runtime ${memory.peak_rss_mb.toFixed(0)} MB, of this benchmark process ${peakRssMb().toFixed(0)} MB\n`,
);

const round = (v: number) => Number(v.toFixed(4));
console.log(
  JSON.stringify({
    policy_1kb_p50_ms: round(p1.p50_ms),
    policy_1kb_p99_ms: round(p1.p99_ms),
    policy_1kb_cpu_p50_ms: round(p1.cpu_p50_ms),
    policy_1kb_cpu_p99_ms: round(p1.cpu_p99_ms),
    policy_1kb_injected_p50_ms: round(p1inj.p50_ms),
    policy_10kb_p50_ms: round((find('default input policy', '10kb') as Timing).p50_ms),
    policy_100kb_p50_ms: round(p100.p50_ms),
    throughput_mb_s: round(throughput),
    peak_rss_mb: round(memory.peak_rss_mb),
    rss_after_gc_mb: round(memory.rss_after_gc_mb),
    heap_used_after_gc_mb: round(memory.heap_used_after_gc_mb),
    bench_process_peak_rss_mb: round(peakRssMb()),
    linearity_100k_vs_1k: round(linearity),
    engine_input_1kb_cpu_us: round(engineInputUs),
    engine_output_answer_cpu_us: round(engineOutputUs),
    conversation_turn_cached_us: round(turnCachedUs),
    conversation_turn_uncached_us: round(turnUncachedUs),
    unique_p50_ms: round(unique.p50_ms),
    unique_p99_ms: round(unique.p99_ms),
    unique_p99_no_gc_ms: round(unique.p99_no_gc_ms),
    unique_max_ms: round(unique.max_ms),
    gc_per_1000_scans: round(unique.gc_per_1000_scans),
    major_gc_per_1000_scans: round(unique.major_gc_per_1000_scans),
    alloc_bytes_per_scan: Math.round(unique.alloc_bytes_per_scan),
    repeated_p99_ms: round(repeated.p99_ms),
    repeated_alloc_bytes_per_scan: Math.round(repeated.alloc_bytes_per_scan),
    input_1kb_cold_us: round(coldRows[0]?.[2] as number),
    input_8kb_cold_us: round(coldRows[1]?.[2] as number),
    alone_1kb_cold_us: Object.fromEntries(oneDetectorRows.map(([id, , cold]) => [id, round(cold as number)])),
    detectors_1kb_p50_ms: Object.fromEntries(BUILTIN_DETECTORS.map((d) => [d.id, round((find(d.id, '1kb') as Timing).p50_ms)])),
  }),
);
