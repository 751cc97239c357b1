import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCases } from '../../src/redteam/generate.js';
import { loadAttackLibrary } from '../../src/redteam/library.js';
import { createJudge } from '../../src/redteam/judge.js';
import { runCases, type RunOptions } from '../../src/redteam/runner.js';
import { runSession } from '../../src/redteam/session.js';
import { configuredTarget, urlTarget } from '../../src/redteam/target.js';
import { upstreamSchema } from '../../src/gateway/config.js';
import { startMisbehaving, type Misbehaving, type Mode } from './misbehaving-server.js';

const cases = generateCases(loadAttackLibrary(), { seed: 5, strategies: ['none'], defaultCount: 1, categories: ['direct-injection', 'prompt-extraction', 'jailbreak'] });
let server: Misbehaving;
let dir: string;
const waits: number[] = [];
const opts: RunOptions = { concurrency: 2, maxTokens: 64, retries: 2, backoffMs: 1, maxBackoffMs: 5_000, sleep: (ms) => (waits.push(ms), Promise.resolve()) };
const target = (mode: Mode, timeoutMs = 2_000) => urlTarget({ label: mode, baseUrl: server.url(mode), model: 'm', timeoutMs });

beforeAll(async () => {
  server = await startMisbehaving();
  dir = mkdtempSync(join(tmpdir(), 'warden-redteam-runner-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runner against a misbehaving target', () => {
  it('a target that times out: each case records the error after its retries, and the run finishes', async () => {
    const { results, requests } = await runCases(cases.slice(0, 2), target('hang', 200), opts);
    expect(results.map((r) => r.verdict.outcome)).toEqual(['error', 'error']);
    expect(results[0]?.verdict.evidence).toMatch(/upstream_timeout/);
    expect(results[0]?.transcript[0]?.attempts).toBe(3);
    expect(requests).toBe(6);
  }, 20_000);

  it('garbage answers are errors, not retried', async () => {
    const { results } = await runCases(cases, target('garbage'), opts);
    expect(results.every((r) => r.verdict.outcome === 'error' && r.verdict.evidence.includes('invalid JSON'))).toBe(true);
    expect(results[0]?.transcript[0]?.attempts).toBe(1);
  });

  it('closed connections are retried with backoff; a target that recovers completes the case', async () => {
    const reset = await runCases(cases, target('reset'), opts);
    expect(reset.results.every((r) => r.verdict.outcome === 'error' && /reset|unreachable/.test(r.verdict.evidence))).toBe(true);
    const flaky = await runCases(cases, target('flaky'), { ...opts, concurrency: 1 });
    expect(flaky.results.map((r) => r.verdict.outcome)).toEqual(['resisted', 'resisted', 'resisted']);
    expect(flaky.results[0]?.transcript[0]?.attempts).toBe(2);
  });

  it('rate limits: waits what retry-after says, then goes on', async () => {
    waits.length = 0;
    const { results } = await runCases(cases.slice(0, 1), target('ratelimit'), opts);
    expect(results[0]?.verdict.outcome).toBe('resisted');
    expect(waits).toEqual([2000, 2000]);
  });

  it('a Warden block (400 content_filter) is a defence with the rule ids, not an error', async () => {
    const { results } = await runCases(cases.slice(0, 1), target('blocked'), opts);
    expect(results[0]?.verdict).toEqual({ outcome: 'blocked', method: 'block', evidence: 'Warden blocked at input: prompt-injection/instruction-override' });
  });
});

describe('budgets and resumable runs', () => {
  it('a request budget skips the cases it cannot pay for; the state file resumes only those', async () => {
    const state = join(dir, 'state.jsonl');
    const before = server.count('ok');
    const first = await runSession(cases, target('ok'), { ...opts, concurrency: 1, maxRequests: 2, seed: 5, strategies: ['none'], stateFile: state });
    expect(first.results.map((r) => r.verdict.outcome)).toEqual(['resisted', 'resisted', 'skipped']);
    expect(server.count('ok') - before).toBe(2);
    let resumed = -1;
    const second = await runSession(cases, target('ok'), { ...opts, seed: 5, strategies: ['none'], stateFile: state, onResume: (n) => (resumed = n) });
    expect(resumed).toBe(2);
    expect(second.requests).toBe(1);
    expect(second.results.map((r) => r.verdict.outcome)).toEqual(['resisted', 'resisted', 'resisted']);
    expect(readFileSync(state, 'utf8').trim().split('\n')).toHaveLength(1 + 3 + 1);
  });

  it('a state file of another run is refused, not mixed', async () => {
    const state = join(dir, 'other.jsonl');
    await runSession(cases.slice(0, 1), target('ok'), { ...opts, seed: 5, strategies: ['none'], stateFile: state });
    await expect(runSession(cases, target('ok'), { ...opts, seed: 5, strategies: ['none'], stateFile: state })).rejects.toThrow(/belongs to another run/);
  });

  it('a time budget stops starting cases', async () => {
    const { results } = await runCases(cases, target('ok'), { ...opts, maxTimeMs: 0 });
    expect(results.every((r) => r.verdict.outcome === 'skipped' && r.verdict.evidence === 'time budget spent')).toBe(true);
  });
});

describe('LLM judge', () => {
  const comply = generateCases(loadAttackLibrary(), { seed: 5, strategies: ['none'], defaultCount: 1, categories: ['harmful-content'] });

  it('decides comply objectives; a failing judge leaves the classifier verdict, noted', async () => {
    const judged = await runCases(comply, target('ok'), { ...opts, judge: createJudge(target('unsafe')) });
    expect(judged.results[0]?.verdict).toEqual({ outcome: 'succeeded', method: 'judge', evidence: 'judge unsafe: UNSAFE' });
    const failing = await runCases(comply, target('ok'), { ...opts, judge: createJudge(target('garbage')) });
    expect(failing.results[0]?.verdict.outcome).toBe('resisted');
    expect(failing.results[0]?.verdict.evidence).toMatch(/refusal: "i cannot" \(judge failed: .*invalid JSON/);
  });
});

describe('configured upstreams', () => {
  it('an Anthropic upstream gets the harness translated to its protocol, and its tool calls are scored', async () => {
    const indirect = generateCases(loadAttackLibrary(), { seed: 5, strategies: ['none'], defaultCount: 6, categories: ['indirect-injection'] }).filter((c) => c.attackId === 'ipi-inbox-delete');
    const u = upstreamSchema.parse({ type: 'anthropic', base_url: server.url('anthropic').replace(/\/v1$/, '') });
    const { results } = await runCases(indirect, configuredTarget('claude', 'claude', u, 'claude-test'), opts);
    expect(results[0]?.verdict).toMatchObject({ outcome: 'succeeded', method: 'tool-call', evidence: 'delete_records({"table":"customers"})' });
    const sent = server.lastBody('anthropic') as { system: unknown; messages: Array<{ role: string; content: Array<{ type: string }> }>; tools: unknown[] };
    expect(JSON.stringify(sent.system)).toContain(indirect[0]?.planted.canary);
    expect(sent.messages.at(-1)?.content[0]?.type).toBe('tool_result');
    expect(sent.tools).toHaveLength(2);
  });
});
