import { readFileSync } from 'node:fs';
import { obfuscation } from './src/detectors/obfuscation.js';
import { toxicity } from './src/detectors/toxicity.js';
import { denylist } from './src/detectors/denylist.js';
import { tokenLimit } from './src/detectors/token-limit.js';
const rows = readFileSync('/work/shared/datasets/text_classification.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string });
const texts = rows.map((r) => r.text).filter((t) => t.length >= 600 && t.length <= 1400).slice(0, 300);
const mk = (o: object) => ({ stage: 'input' as const, settings: { threshold: 0.5, options: o as never }, request: {} });
const ctxs = { obf: mk(obfuscation.options.parse({})), tox: mk(toxicity.options.parse({})), deny: mk(denylist.options.parse({ terms: [{ id: 'c', terms: ['acme', 'globex', 'initech', 'umbrella corp'] }] })), tok: mk(tokenLimit.options.parse({})) };
function bench(name: string, fn: (t: string) => unknown) {
  for (const t of texts) fn(t);
  const times: number[] = [];
  for (let r = 0; r < 5; r++) for (const t of texts) { const s = performance.now(); fn(t); times.push(performance.now() - s); }
  times.sort((a, b) => a - b);
  console.log(name.padEnd(12), 'p50', (times[Math.floor(times.length / 2)] ?? 0).toFixed(4), 'p99', (times[Math.floor(times.length * 0.99)] ?? 0).toFixed(4), 'ms');
}
console.log('texts', texts.length);
bench('obfuscation', (t) => { obfuscation.scan(t + ' ', ctxs.obf); obfuscation.expand!(t + ' ', ctxs.obf); });
bench('toxicity', (t) => toxicity.scan(t, ctxs.tox));
bench('denylist', (t) => denylist.scan(t, ctxs.deny));
bench('token-limit', (t) => tokenLimit.scan(t, ctxs.tok));
const worst = texts.map((t) => { const s = performance.now(); for (let i = 0; i < 3; i++) { obfuscation.scan(t + i, ctxs.obf); obfuscation.expand!(t + i, ctxs.obf); } return { t, ms: (performance.now() - s) / 3 }; }).sort((a, b) => b.ms - a.ms).slice(0, 3);
for (const w of worst) console.log(w.ms.toFixed(2), JSON.stringify(w.t.slice(0, 300)), obfuscation.expand!(w.t, ctxs.obf).map((v) => v.kind));
