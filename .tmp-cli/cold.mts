import { BUILTIN_DETECTORS } from '../src/detectors/index.ts';
const text = process.argv[2] ?? '😀🎉 Write to jane.doe@example.com before Friday.';
for (const d of BUILTIN_DETECTORS) {
  const ctx = { stage: 'input' as const, settings: { threshold: 0.5, options: d.options.parse({}) as Record<string, unknown> }, request: {} };
  for (const run of [1, 2]) {
    const t = performance.now();
    d.scan(text, ctx as any);
    if (d.expand) d.expand(text, ctx as any);
    const ms = performance.now() - t;
    if (ms > 2) console.log(d.id, 'run', run, ms.toFixed(1), 'ms');
  }
}
