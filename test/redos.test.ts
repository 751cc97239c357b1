/**
 * ReDoS guard for every detector regex: recheck's static/fuzz analysis on each exported RegExp, then
 * adversarial inputs through the whole default policy to check scan time grows linearly.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkSync, type Diagnostics } from 'recheck';
import { describe, expect, it } from 'vitest';

const DETECTORS = resolve(import.meta.dirname, '..', 'src', 'detectors');
const MAX_DEPTH = 4;
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
  for (const file of moduleFiles(DETECTORS)) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const name = relative(DETECTORS, file);
    for (const [key, value] of Object.entries(mod)) collect(value, `${name}:${key}`, 0, found, seen);
  }
  const unique = new Map<string, FoundRegex>();
  for (const f of found) {
    const id = `/${f.re.source}/${f.re.flags}`;
    if (!unique.has(id)) unique.set(id, f);
  }
  return [...unique.values()];
}

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
  let previous = timePerRun(re, build(2048));
  let growth = 0;
  for (let size = 4096; size <= 131_072; size *= 2) {
    const t = timePerRun(re, build(size));
    growth = t / Math.max(previous, 1e-6);
    previous = t;
    if (t > 100) break;
  }
  return { linear: growth < 3, detail: `attack ${diag.attack.pattern}: last doubling grew time x${growth.toFixed(2)}` };
}

describe('detector regexes are linear-time (recheck)', () => {
  it('every exported RegExp under src/detectors is safe', async () => {
    const regexes = await detectorRegexes();
    expect(regexes.length).toBeGreaterThan(0);
    const offenders: string[] = [];
    const notes: string[] = [];
    for (const { where, re } of regexes) {
      const diag = checkSync(re.source, re.flags, { timeout: RECHECK_TIMEOUT_MS });
      if (diag.status === 'safe') continue;
      const label = `${where} /${re.source.length > 120 ? `${re.source.slice(0, 120)}...` : re.source}/${re.flags}`;
      if (diag.status === 'vulnerable' && diag.complexity.type === 'polynomial' && diag.complexity.isFuzz) {
        const verdict = fuzzVerdictIsLinear(re, diag);
        if (verdict.linear) {
          notes.push(`${label}: fuzz flagged ${diag.complexity.summary}, replay is linear (${verdict.detail})`);
          continue;
        }
        offenders.push(`${label}: ${diag.complexity.summary}; ${verdict.detail}`);
      } else if (diag.status === 'vulnerable') {
        offenders.push(`${label}: ${diag.complexity.summary}, attack ${diag.attack.pattern}`);
      } else {
        offenders.push(`${label}: recheck ${diag.status}${diag.status === 'unknown' ? ` (${diag.error.kind}); simplify the pattern` : ''}`);
      }
    }
    if (notes.length > 0) console.info(`recheck fuzz false positives (bounded repetition, verified linear):\n  ${notes.join('\n  ')}`);
    expect(offenders, `${offenders.length} of ${regexes.length} regexes can backtrack super-linearly`).toEqual([]);
  }, 600_000);
});
