import { readFileSync } from 'node:fs';
import { obfuscation } from './src/detectors/obfuscation.js';
const rows = readFileSync('/work/shared/datasets/text_classification.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; label: string; category: string });
const oc = { stage: 'input' as const, settings: { threshold: 0.5, options: obfuscation.options.parse({}) }, request: {} };
const counts: Record<string, number> = {};
let shown = 0;
for (const r of rows) {
  for (const f of obfuscation.scan(r.text, oc)) {
    const key = `${r.label} ${f.ruleId} ${f.score >= 0.5 ? 'HI' : 'lo'}`;
    counts[key] = (counts[key] ?? 0) + 1;
    if ((r.label === 'benign' || process.argv[2] === f.ruleId) && shown++ < 25) console.log(key, f.message, '::', f.spans.slice(0, 3).map((s) => JSON.stringify(r.text.slice(Math.max(0, s.start - 10), s.end + 10))).join(' | '));
  }
}
console.log(counts);
