import { checkSync } from 'recheck';
const files = ['obfuscation.ts', 'obfuscation/unicode.ts', 'obfuscation/confusables.ts', 'obfuscation/decoders.ts', 'obfuscation/analyze.ts', 'obfuscation/english.ts', 'denylist.ts', 'toxicity.ts', 'toxicity/lexicon.ts', 'token-limit.ts', 'shared/safe-pattern.ts', 'shared/term-matcher.ts'];
const seen = new Set<string>();
function collect(v: unknown, where: string, out: [string, RegExp][], depth = 0) {
  if (v instanceof RegExp) { out.push([where, v]); return; }
  if (depth > 3 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) v.forEach((x, i) => collect(x, `${where}[${i}]`, out, depth + 1));
  else if (Object.getPrototypeOf(v) === Object.prototype) for (const [k, x] of Object.entries(v)) collect(x, `${where}.${k}`, out, depth + 1);
}
for (const f of files) {
  const mod = await import(`./src/detectors/${f}`) as Record<string, unknown>;
  const out: [string, RegExp][] = [];
  for (const [k, v] of Object.entries(mod)) collect(v, `${f}:${k}`, out);
  for (const [where, re] of out) {
    const id = `/${re.source}/${re.flags}`; if (seen.has(id)) continue; seen.add(id);
    const d = checkSync(re.source, re.flags, { timeout: 10000 });
    console.log(d.status.padEnd(10), d.status === 'vulnerable' ? d.complexity.summary : '', where, id.slice(0, 80));
  }
}
