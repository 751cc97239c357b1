import { readFileSync } from 'node:fs';
import { toxicity } from './src/detectors/toxicity.js';
import { obfuscation } from './src/detectors/obfuscation.js';
const rows = readFileSync('/work/shared/datasets/text_classification.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; label: string; category: string });
const mk = (o: object) => ({ stage: 'input' as const, settings: { threshold: 0.5, options: o as never }, request: {} });
const tc = mk(toxicity.options.parse({})); const oc = mk(obfuscation.options.parse({}));
const stats: Record<string, { n: number; tox: number; obf: number }> = {};
const examples: string[] = [];
for (const r of rows) {
  const s = (stats[r.category] ??= { n: 0, tox: 0, obf: 0 });
  s.n++;
  const tf = toxicity.scan(r.text, tc).filter((f) => f.score >= 0.5);
  if (tf.length) { s.tox++; if (r.label === 'benign' && examples.length < 30) examples.push(`${r.category} ${tf.map((f) => f.ruleId + ':' + f.spans.map((x) => r.text.slice(x.start, x.end)).join('|')).join(',')} :: ${r.text.slice(0, 100)}`); }
  const of = obfuscation.scan(r.text, oc).filter((f) => f.score >= 0.5);
  if (of.length) { s.obf++; if (r.label === 'benign') examples.push(`OBF ${r.category} ${of.map((f) => f.ruleId + ' ' + f.message).join(',')} :: ${r.text.slice(0, 100)}`); }
}
console.table(stats);
console.log(examples.join('\n'));
