import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkSync } from 'recheck';
const dir = '/work/main/src/detectors';
const files = (d: string): string[] => readdirSync(d).flatMap((n) => { const p = join(d, n); return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('index.ts') && !p.includes('prompt-injection/patterns') ? [p] : []; });
const found: [string, RegExp][] = [];
const walk = (v: unknown, w: string, depth: number, seen: Set<unknown>) => {
  if (v instanceof RegExp) { found.push([w, v]); return; }
  if (depth >= 4 || v === null || typeof v !== 'object' || seen.has(v)) return; seen.add(v);
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${w}[${i}]`, depth + 1, seen));
  else if (v instanceof Map) for (const [k, x] of v) walk(x, `${w}.${k}`, depth + 1, seen);
  else { const p = Object.getPrototypeOf(v); if (p !== Object.prototype && p !== null) return; for (const [k, x] of Object.entries(v)) walk(x, `${w}.${k}`, depth + 1, seen); }
};
const seen = new Set<unknown>();
for (const f of files(dir)) { try { const m = await import(f); for (const [k, v] of Object.entries(m)) walk(v, `${f.slice(dir.length + 1)}:${k}`, 0, seen); } catch (e) { console.log('IMPORT FAIL', f, String(e).slice(0, 100)); } }
console.log('regexes', found.length);
for (const [w, re] of found) {
  const t = Date.now();
  const d = checkSync(re.source, re.flags, { checker: 'automaton', timeout: 3000 });
  console.log(d.status, Date.now() - t, 'ms', w, d.status === 'vulnerable' ? d.complexity.summary : (d as any).error?.kind, re.source.slice(0, 100));
}
