/** A subset of `npm run bench:leakage`: every attempt kind and some legitimate questions, through the same pipeline. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaked, legitOk, openLeakageEnv, runRequest, type LeakageEnv } from '../../bench/leakage/pipeline.js';
import { KINDS, loadScenarios } from '../../bench/leakage/scenarios.js';

const { corpus, attempts, legit } = loadScenarios();
let env: LeakageEnv;

beforeAll(async () => {
  env = await openLeakageEnv(corpus);
});
afterAll(async () => {
  await env.store.close();
});

describe('leakage benchmark subset', () => {
  it('has at least 30 attempts of every kind and 30 legitimate questions', () => {
    expect(attempts.length).toBeGreaterThanOrEqual(30);
    expect(legit.length).toBeGreaterThanOrEqual(30);
    for (const kind of KINDS) expect(attempts.some((a) => a.kind === kind)).toBe(true);
  });

  it.each(KINDS.flatMap((kind) => attempts.filter((a) => a.kind === kind).slice(0, 2)).map((a) => [a.id, a] as const))('%s leaks nothing', (_id, a) => {
    const o = runRequest(env, a);
    expect(leaked(a, o)).toEqual([]);
  });

  it('the compromised model does leak when Warden does not filter its answer (the attempts are real)', () => {
    const a = attempts.find((x) => x.id === 'ct-5');
    if (!a) throw new Error('ct-5 missing');
    const o = runRequest(env, a);
    expect(o.answer).toContain('312,400');
    expect(o.delivered).toBe('');
    expect(o.stoppedAt).toBe('output');
    expect(o.rules).toContain('restricted-content/reproduced');
  });

  it.each(legit.slice(0, 8).map((l) => [l.id, l] as const))('%s keeps its permitted context', (_id, l) => {
    expect(legitOk(l, runRequest(env, l))).toBe(true);
  });
});
