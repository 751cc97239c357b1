/** Option parsing shared by `warden redteam`, `redteam generate` and `redteam compare`. */
import type { Command } from 'commander';
import { generateCases } from '../../redteam/generate.js';
import { loadAttackLibrary } from '../../redteam/library.js';
import { strategyById } from '../../redteam/strategies/index.js';
import { loadSuite, parseCategories, parseCounts } from '../../redteam/suites.js';
import type { Attack, AttackCase } from '../../redteam/types.js';

export interface CaseOptions {
  suite: string;
  strategies?: string;
  count?: string;
  counts?: string;
  categories?: string;
  seed: string;
  attacks?: string;
}

export interface RunFlags {
  concurrency: string;
  maxTokens: string;
  retries: string;
  timeoutMs: string;
  maxRequests?: string;
  maxTime?: string;
}

export function addCaseOptions(cmd: Command): Command {
  return cmd
    .option('--suite <name|file>', 'quick, standard, full, or a suite .yaml file', 'standard')
    .option('--strategies <list>', 'comma-separated strategies (none, base64, hex, rot13, leetspeak, homoglyph, payload-split, roleplay, many-shot, multi-turn, translation)')
    .option('--count <n>', 'attacks per category')
    .option('--counts <list>', 'attacks per category, e.g. jailbreak=5,tool-misuse=2')
    .option('--categories <list>', 'only these categories')
    .option('--seed <n>', 'seed: the same seed gives the same cases', '1')
    .option('--attacks <dir>', 'attack library directory (default: the bundled redteam/attacks)');
}

export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--concurrency <n>', 'requests in flight', '4')
    .option('--max-tokens <n>', 'max_tokens of each request (unbounded-consumption attacks succeed on reaching it)', '1024')
    .option('--retries <n>', 'retries per request on rate limits, resets and timeouts (retry-after honoured)', '3')
    .option('--timeout-ms <n>', 'per-request timeout', '60000')
    .option('--max-requests <n>', 'request budget for the run (retries included)')
    .option('--max-time <seconds>', 'time budget for the run; cases not started are skipped (resume them with --state)');
}

export function positiveInt(value: string, flag: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} expects a whole number >= ${min}, got "${value}"`);
  return n;
}

export function buildCases(o: CaseOptions): { library: Attack[]; cases: AttackCase[]; strategies: string[]; seed: number } {
  const suite = loadSuite(o.suite);
  const strategies = o.strategies !== undefined ? o.strategies.split(',').map((s) => s.trim()).filter((s) => s !== '') : suite.strategies;
  strategies.forEach(strategyById);
  const seed = positiveInt(o.seed, '--seed', 0);
  const library = loadAttackLibrary(o.attacks);
  const cases = generateCases(library, {
    seed,
    strategies,
    defaultCount: o.count !== undefined ? positiveInt(o.count, '--count') : suite.count,
    counts: { ...suite.counts, ...(o.counts !== undefined ? parseCounts(o.counts) : {}) },
    categories: o.categories !== undefined ? parseCategories(o.categories) : suite.categories,
  });
  if (cases.length === 0) throw new Error('no cases: the suite, categories and counts select no attack');
  return { library, cases, strategies, seed };
}

export function runSettings(f: RunFlags): { concurrency: number; maxTokens: number; retries: number; timeoutMs: number; maxRequests?: number; maxTimeMs?: number } {
  const s: ReturnType<typeof runSettings> = {
    concurrency: positiveInt(f.concurrency, '--concurrency'),
    maxTokens: positiveInt(f.maxTokens, '--max-tokens'),
    retries: positiveInt(f.retries, '--retries', 0),
    timeoutMs: positiveInt(f.timeoutMs, '--timeout-ms'),
  };
  if (f.maxRequests !== undefined) s.maxRequests = positiveInt(f.maxRequests, '--max-requests');
  if (f.maxTime !== undefined) s.maxTimeMs = positiveInt(f.maxTime, '--max-time') * 1000;
  return s;
}
