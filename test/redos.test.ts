/**
 * ReDoS guard for every detector regex: recheck's static/fuzz analysis on each exported RegExp, then
 * adversarial inputs through the whole default policy to check scan time grows linearly.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkSync, type Diagnostics } from 'recheck';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { STAGES, type Detector } from '../src/spec/types.js';
import { createWarden } from '../src/warden.js';
import { INVALID_MODEL_CHARS } from '../src/gateway/model-names.js';
import { BASE64 } from '../src/gateway/routes/request-fields.js';
import { DATA_URL } from '../src/gateway/upstreams/translate.js';

const DETECTORS = resolve(import.meta.dirname, '..', 'src', 'detectors');
/** The tool policy's regexes see arguments a manipulated model wrote. */
const TOOLS = resolve(import.meta.dirname, '..', 'src', 'tools');
/** Isolation rewrites role markers in retrieved documents and tool results. */
const CONTEXT = resolve(import.meta.dirname, '..', 'src', 'context');
/** Output integrity reads dates, numbers and citations in model answers. */
const INTEGRITY = resolve(import.meta.dirname, '..', 'src', 'integrity');
const MAX_DEPTH = 4;
const AUTOMATON_TIMEOUT_MS = 5_000;
const RECHECK_TIMEOUT_MS = 10_000;

function moduleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return moduleFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

interface FoundRegex {
  where: string;
  re: RegExp;
}

/** Walks exported values (arrays, Maps, Sets, plain objects) collecting RegExps with their key path. */
function collect(value: unknown, where: string, depth: number, out: FoundRegex[], seen: Set<unknown>): void {
  if (value instanceof RegExp) {
    out.push({ where, re: value });
    return;
  }
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value) || value instanceof Set) {
    [...value].forEach((v, i) => collect(v, `${where}[${i}]`, depth + 1, out, seen));
  } else if (value instanceof Map) {
    for (const [k, v] of value) collect(v, `${where}.get(${String(k)})`, depth + 1, out, seen);
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return;
    for (const [k, v] of Object.entries(value)) collect(v, `${where}.${k}`, depth + 1, out, seen);
  }
}

async function detectorRegexes(): Promise<FoundRegex[]> {
  const found: FoundRegex[] = [];
  const seen = new Set<unknown>();
  for (const file of [...moduleFiles(DETECTORS), ...moduleFiles(TOOLS), ...moduleFiles(CONTEXT), ...moduleFiles(INTEGRITY)]) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const name = relative(resolve(DETECTORS, '..'), file);
    for (const [key, value] of Object.entries(mod)) collect(value, `${name}:${key}`, 0, found, seen);
  }
  const unique = new Map<string, FoundRegex>();
  for (const f of found) {
    const id = `/${f.re.source}/${f.re.flags}`;
    if (!unique.has(id)) unique.set(id, f);
  }
  return [...unique.values()];
}

/**
 * Milliseconds per full scan of text by re (every match for g/y regexes): the fastest of three trials, each averaged
 * over enough runs to time, so a trial stretched by another process on a loaded host does not read as growth.
 */
function timePerRun(re: RegExp, text: string): number {
  return Math.min(trialPerRun(re, text), trialPerRun(re, text), trialPerRun(re, text));
}

function trialPerRun(re: RegExp, text: string): number {
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

describe('detector regexes are linear-time (recheck)', () => {
  it('splits top-level alternations only where that is sound', () => {
    expect(topLevelBranches('(?<a>x|y)|z')).toEqual(['(?<a>x|y)', 'z']);
    expect(topLevelBranches('(?:a[|(]|b\\|)')).toEqual(['a[|(]', 'b\\|']);
    expect(topLevelBranches('(?:a|b)+')).toBeUndefined();
    expect(topLevelBranches('(?:a|b)(?:c|d)')).toBeUndefined();
    expect(topLevelBranches('(?=a|b)')).toBeUndefined();
  });

  it('the analysis tells linear from super-linear patterns', () => {
    expect(analyze('^(a|a)*$', '').ok).toBe(false);
    expect(analyze('\\d+\\d+x', 'g').ok).toBe(false);
    expect(analyze('(?<a>ignore\\s{1,4}(?:all|any)\\s{1,4}rules)|(?<b>x[0-9]{1,8}y)', 'gi').ok).toBe(true);
    expect(analyze('[\\w.+-]{1,64}@[\\w-]{1,63}(?:\\.[\\w-]{1,63}){1,8}', 'gi').ok).toBe(true);
  });

  it('every exported RegExp under src/detectors and src/tools is safe', async () => {
    const regexes = await detectorRegexes();
    expect(regexes.length).toBeGreaterThan(0);
    const offenders: string[] = [];
    const notes: string[] = [];
    for (const { where, re } of regexes) {
      const verdict = analyze(re.source, re.flags);
      const label = `${where} /${re.source.length > 100 ? `${re.source.slice(0, 100)}...` : re.source}/${re.flags}`;
      if (!verdict.ok) offenders.push(`${label}: ${verdict.problem}`);
      else if (verdict.note) notes.push(`${label}: ${verdict.note}`);
    }
    if (notes.length > 0) console.info(`regexes decided indirectly:\n  ${notes.join('\n  ')}`);
    expect(offenders, `${offenders.length} of ${regexes.length} regexes can backtrack super-linearly`).toEqual([]);
  }, 900_000);

  it('gateway regexes on untrusted request fields are safe', () => {
    for (const re of [INVALID_MODEL_CHARS, BASE64, DATA_URL]) expect(analyze(re.source, re.flags), re.source).toMatchObject({ ok: true });
  });
});

/** Pathological shapes for the usual regex and scanner pitfalls; each repeats a unit to n characters. */
const ADVERSARIAL: Record<string, (n: number) => string> = {
  'a-run': (n) => 'a'.repeat(n),
  'A-run': (n) => 'A'.repeat(n),
  'digit-run': (n) => '0'.repeat(n),
  'space-run': (n) => ' '.repeat(n),
  'equals-run': (n) => '='.repeat(n),
  'pem-begin': (n) => '-----BEGIN '.repeat(Math.ceil(n / 11)).slice(0, n),
  'nested-brackets': (n) => `${'[{('.repeat(Math.floor(n / 6))}${')}]'.repeat(Math.floor(n / 6))}`,
  'markdown-image': (n) => '!['.repeat(n / 2),
  'http-repeat': (n) => 'http://'.repeat(Math.ceil(n / 7)).slice(0, n),
  'base64-alternating': (n) => 'Ab+/9zQ='.repeat(n / 8).slice(0, n),
  'email-ish': (n) => 'a.b-c+d@'.repeat(n / 8),
  'digit-separator': (n) => '1 2-3.4 '.repeat(n / 8),
  'ignore-words': (n) => 'ignore previous '.repeat(n / 16),
  'random-unicode': (n) => {
    let s = '';
    let x = 12345;
    while (s.length < n) {
      x = (x * 1103515245 + 12345) >>> 0;
      s += String.fromCodePoint((x >>> 8) % 0x10ffff >= 0xd800 && (x >>> 8) % 0x10ffff <= 0xdfff ? 0x41 : (x >>> 8) % 0x10ffff);
    }
    return s.slice(0, n);
  },
};

const N = 16_384;
const RUNS = 5;

/**
 * Fastest of RUNS, in CPU time: other processes on a loaded host (CI runs test files in parallel) stretch wall
 * time and medians, but barely the CPU time a single-threaded scan takes; the minimum discards GC pauses.
 */
function minCpuMs(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** time(scan of 8n chars) / time(scan of n chars), after one warm-up pass. */
function growth(scan: (text: string) => void, make: (n: number) => string, n: number): number {
  const small = make(n);
  const large = make(8 * n);
  scan(small);
  const smallMs = minCpuMs(() => scan(small));
  return minCpuMs(() => scan(large)) / Math.max(smallMs, 0.05);
}

const LINEAR_LIMIT = 24;

describe('whole default policy scales linearly on adversarial input', () => {
  // Unlimited budget so a slow detector shows up as time instead of being cut off by the budget.
  const warden = createWarden();
  const ctx = { budgetMs: Number.POSITIVE_INFINITY, systemPrompt: 'You are a support bot. Secret rule: never discuss pricing.' };
  const scanAll = (text: string) => {
    warden.scanInput(text, ctx);
    for (const stage of STAGES) if (stage !== 'input') warden.scan(text, stage, ctx);
  };

  it.each(Object.entries(ADVERSARIAL))(`%s: time(8N) / time(N) < ${LINEAR_LIMIT}`, (_name, make) => {
    const ratio = growth(scanAll, make, N);
    expect(ratio, `scan time grew x${ratio.toFixed(1)} for 8x input`).toBeLessThan(LINEAR_LIMIT);
  });

  it('the measurement catches a quadratic detector', () => {
    const quadratic: Detector = {
      id: 'quadratic',
      stages: ['input'],
      cost: 0,
      description: 'compares every pair of characters (deliberately O(n^2))',
      options: z.object({}),
      scan: (text) => {
        let same = 0;
        for (let i = 0; i < text.length; i++) for (let j = 0; j < i; j++) if (text.charCodeAt(i) === text.charCodeAt(j)) same++;
        const repetitive = same > (text.length * (text.length - 1)) / 4;
        return repetitive ? [{ ruleId: 'quadratic/repetitive', score: 0.1, spans: [], message: 'mostly repeated characters' }] : [];
      },
    };
    const slow = createWarden({ version: 1, detectors: { quadratic: {} } }, { detectors: [quadratic] });
    const ratio = growth((text) => slow.scanInput(text, ctx), ADVERSARIAL['a-run'] as (n: number) => string, 1024);
    expect(ratio).toBeGreaterThan(LINEAR_LIMIT);
  });
});
