import { checkSync, type Diagnostics } from 'recheck';
import * as M from '../src/detectors/prompt-injection/patterns.ts';
const AUTOMATON_TIMEOUT_MS = 5_000;
const RECHECK_TIMEOUT_MS = 10_000;
/** Milliseconds per full scan of text by re (every match for g/y regexes), averaged over enough runs to time. */
function timePerRun(re: RegExp, text: string): number {
  const global = re.global || re.sticky;
  const scan = () => {
    if (!global) return void re.exec(text);
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0] === '') re.lastIndex++;
    }
  };
  let runs = 0;
  const start = performance.now();
  while (runs < 1000 && performance.now() - start < 15) {
    scan();
    runs++;
  }
  return (performance.now() - start) / runs;
}

/**
 * recheck's fuzz checker extrapolates from short strings, so bounded repetition such as `[\w.]{1,64}@`
 * looks polynomial although its cost per start position is capped. Replays its own attack string at
 * doubling sizes (stopping when a run exceeds 100 ms, so a true super-linear regex cannot hang the test):
 * linear growth doubles the time per doubling, quadratic quadruples it.
 */
function fuzzVerdictIsLinear(re: RegExp, diag: Diagnostics): { linear: boolean; detail: string } {
  if (diag.status !== 'vulnerable') return { linear: false, detail: diag.status };
  const { pumps, suffix } = diag.attack;
  const pumpLength = Math.max(1, pumps.reduce((n, p) => n + p.pump.length, 0));
  const build = (chars: number) => pumps.map((p) => p.prefix + p.pump.repeat(Math.ceil(chars / pumpLength))).join('') + suffix;
  // Start small so a truly cubic regex cannot run for minutes before the first measurement.
  let previous = timePerRun(re, build(128));
  let growth = 0;
  for (let size = 256; size <= 131_072 && previous < 100; size *= 2) {
    const t = timePerRun(re, build(size));
    growth = t / Math.max(previous, 1e-6);
    previous = t;
  }
  return { linear: growth < 3, detail: `attack ${diag.attack.pattern}: last doubling grew time x${growth.toFixed(2)}` };
}

/**
 * Top-level alternatives of a pattern (unwrapping one unquantified group around the whole pattern), or
 * undefined when it is not an alternation. An alternation that is not under a quantifier costs the sum
 * of its branches at each start position, so it is linear exactly when every branch is.
 */
function topLevelBranches(source: string): string[] | undefined {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  let wholeGroupEnd = -1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0 && source[0] === '(' && wholeGroupEnd === -1) wholeGroupEnd = i;
    else if (c === '|' && depth === 0) {
      branches.push(source.slice(from, i));
      from = i + 1;
    }
  }
  if (branches.length > 0) return [...branches, source.slice(from)];
  const group = /^\((?:\?:|\?<[A-Za-z_][A-Za-z0-9_]{0,63}>)?/.exec(source);
  if (group && wholeGroupEnd === source.length - 1 && !/^\(\?<?[=!]/.test(source)) {
    return topLevelBranches(source.slice(group[0].length, -1));
  }
  return undefined;
}

type Verdict = { ok: true; note?: string } | { ok: false; problem: string };

/**
 * recheck's automaton checker is exact (bounded repetition included) but can time out on large patterns;
 * those are split into top-level alternatives, and only what still cannot be decided goes to the fuzz
 * checker, whose polynomial verdicts are replayed (fuzzVerdictIsLinear) because it extrapolates.
 */
function analyze(source: string, flags: string, depth = 0): Verdict {
  const T = Date.now(); try { return analyze0(source, flags, depth); } finally { const ms = Date.now() - T; if (ms > 500) console.log('  '.repeat(depth) + 'analyze', ms, 'ms', source.length, source.slice(0, 120)); }
}
function analyze0(source: string, flags: string, depth = 0): Verdict {
  const exact = checkSync(source, flags, { checker: 'automaton', timeout: AUTOMATON_TIMEOUT_MS });
  if (exact.status === 'safe') return { ok: true };
  if (exact.status === 'vulnerable') return { ok: false, problem: `${exact.complexity.summary}, attack ${exact.attack.pattern}` };
  const branches = depth < 4 ? topLevelBranches(source) : undefined;
  if (branches) {
    const verdicts = branches.map((b) => ({ b, v: analyze(b, flags, depth + 1) }));
    const bad = verdicts.find((x) => !x.v.ok);
    if (bad && !bad.v.ok) return { ok: false, problem: `branch /${bad.b.slice(0, 80)}/: ${bad.v.problem}` };
    return { ok: true, note: `checked as ${branches.length} alternatives` };
  }
  const fuzz = checkSync(source, flags, { checker: 'fuzz', timeout: RECHECK_TIMEOUT_MS });
  if (fuzz.status === 'safe') return { ok: true };
  if (fuzz.status === 'unknown') return { ok: false, problem: `recheck could not decide (${fuzz.error.kind}); split or simplify the pattern` };
  if (fuzz.complexity.type === 'polynomial') {
    const verdict = fuzzVerdictIsLinear(new RegExp(source, flags), fuzz);
    if (verdict.linear) return { ok: true, note: `fuzz flagged ${fuzz.complexity.summary}, replay is linear (${verdict.detail})` };
    return { ok: false, problem: `${fuzz.complexity.summary}; ${verdict.detail}` };
  }
  return { ok: false, problem: `${fuzz.complexity.summary}, attack ${fuzz.attack.pattern}` };
}


const found: [string, RegExp][] = [];
const walk = (v: unknown, w: string, depth: number) => {
  if (v instanceof RegExp) { found.push([w, v]); return; }
  if (depth >= 4 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${w}[${i}]`, depth + 1));
  else { const p = Object.getPrototypeOf(v); if (p !== Object.prototype && p !== null) return; for (const [k, x] of Object.entries(v)) walk(x, `${w}.${k}`, depth + 1); }
};
for (const [k, v] of Object.entries(M)) walk(v, k, 0);
console.log('regexes', found.length);
for (const [w, re] of found) { const t = Date.now(); const v = analyze(re.source, re.flags); console.log(w, Date.now() - t, JSON.stringify(v).slice(0, 200)); }
