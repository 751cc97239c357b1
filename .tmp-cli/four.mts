import { checkSync } from 'recheck';
import { FAMILY_PATTERNS } from '../src/detectors/prompt-injection/patterns.ts';
function topLevelBranches(source: string): string[] | undefined {
  const branches: string[] = []; let depth = 0, inClass = false, from = 0, wholeGroupEnd = -1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++; else if (inClass) inClass = c !== ']'; else if (c === '[') inClass = true; else if (c === '(') depth++;
    else if (c === ')' && --depth === 0 && source[0] === '(' && wholeGroupEnd === -1) wholeGroupEnd = i;
    else if (c === '|' && depth === 0) { branches.push(source.slice(from, i)); from = i + 1; }
  }
  if (branches.length > 0) return [...branches, source.slice(from)];
  const group = /^\((?:\?:|\?<[A-Za-z_][A-Za-z0-9_]{0,63}>)?/.exec(source);
  if (group && wholeGroupEnd === source.length - 1 && !/^\(\?<?[=!]/.test(source)) return topLevelBranches(source.slice(group[0].length, -1));
  return undefined;
}
const re = (FAMILY_PATTERNS as any)[process.argv[2]];
const t0 = Date.now();
const bs = topLevelBranches(re.source)!;
console.log('top branches', bs.length);
const all = bs.flatMap((b) => topLevelBranches(b) ?? [b]);
console.log('2nd-level', all.length);
let slow = 0;
for (const b of all) {
  const t = Date.now();
  const d = checkSync(b, re.flags, { checker: 'automaton', timeout: 2000 });
  const ms = Date.now() - t;
  if (d.status !== 'safe' || ms > 300) { slow++; console.log(d.status, ms, (d as any).error?.kind ?? '', b.length, b.slice(0, 150)); }
}
console.log('total', Date.now() - t0, 'slow', slow);
