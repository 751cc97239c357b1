import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { keyword } from '../../test/helpers/fake-detectors.js';
import type { Guard } from '../spec/guard.js';
import type { Detector } from '../spec/types.js';
import { createEngine } from './engine.js';
import { PolicyError, WardenInputError } from './errors.js';
import { policyFromObject } from './policy-load.js';

/** Texts each guard was asked about, and the signals it was given. */
const seen: string[] = [];
const signals: AbortSignal[] = [];

/** Finds the word BAD after a turn of the event loop, as a remote check would. */
const lookup: Guard = {
  id: 'lookup',
  stages: ['input', 'output'],
  description: 'fake async list lookup',
  options: z.object({ word: z.string().default('BAD') }),
  timeoutMs: 1000,
  async scan(text, ctx, signal) {
    seen.push(text);
    signals.push(signal);
    await new Promise((resolve) => setImmediate(resolve));
    const word = String(ctx.settings.options['word']);
    const at = text.indexOf(word);
    return at < 0 ? [] : [{ ruleId: 'lookup/listed', score: 1, spans: [{ start: at, end: at + word.length }], message: 'listed word' }];
  },
};

/** Never answers on its own; it only settles when its signal aborts (or never, with `ignore`). */
const stuck: Guard = {
  id: 'stuck',
  stages: ['input'],
  description: 'never answers',
  options: z.object({ ignore: z.boolean().default(false) }),
  timeoutMs: 1000,
  scan(_text, ctx, signal) {
    signals.push(signal);
    if (ctx.settings.options['ignore'] === true) return new Promise(() => undefined);
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
  },
};

const DETECTORS: readonly Detector[] = [keyword];
const GUARDS: readonly Guard[] = [lookup, stuck];

function engine(policy: Record<string, unknown>) {
  const loaded = policyFromObject({ version: 1, ...policy }, { detectors: DETECTORS, guards: GUARDS });
  return createEngine(loaded, DETECTORS, { guards: GUARDS });
}

function reset(): void {
  seen.length = 0;
  signals.length = 0;
}

describe('async guard tier', () => {
  it('judges a guard finding like a detector finding: threshold, action, evidence', async () => {
    reset();
    const w = engine({ detectors: { keyword: { action: 'block' } }, guards: { lookup: { action: 'block' } } });
    const r = await w.scanAsync('this is BAD news', 'input');
    expect(r.action).toBe('block');
    expect(r.decidingRule).toBe('lookup/listed');
    expect(r.findings[0]).toMatchObject({ detector: 'lookup', stage: 'input', action: 'block', spans: [{ start: 8, end: 11 }] });
    expect(r.findings[0]?.evidence[0]).toContain('BAD');
    expect((await w.scanAsync('all fine', 'input')).action).toBe('allow');
  });

  it('applies rules: overrides to guard rules', async () => {
    const w = engine({ guards: { lookup: { action: 'block' } }, rules: { 'lookup/listed': { action: 'flag' } } });
    expect((await w.scanAsync('BAD', 'input')).action).toBe('flag');
  });

  it('does not call the guards when the synchronous tier already blocked', async () => {
    reset();
    const w = engine({ detectors: { keyword: { action: 'block' } }, guards: { lookup: { action: 'block' } } });
    const r = await w.scanAsync('EVIL and BAD', 'input');
    expect(r.decidingRule).toBe('keyword/evil');
    expect(seen).toEqual([]);
    expect(r.skipped).toContain('lookup');
  });

  it('scans every message of scanInputAsync and reports the message index', async () => {
    reset();
    const w = engine({ guards: { lookup: { action: 'block' } } });
    const r = await w.scanInputAsync([
      { role: 'user', content: 'BAD first' },
      { role: 'assistant', content: 'fine' },
      { role: 'user', content: 'latest' },
    ]);
    expect(r.action).toBe('block');
    expect(r.findings.map((f) => f.messageIndex)).toEqual([0]);
    expect([...seen].sort()).toEqual(['BAD first', 'fine', 'latest']);
  });

  it('fails closed when a guard outlives timeout_ms, and aborts its signal', async () => {
    reset();
    const r = await engine({ guards: { stuck: { timeout_ms: 5 } } }).scanAsync('hello', 'input');
    expect(r.action).toBe('block');
    expect(r.errors).toEqual([{ detector: 'stuck', message: 'guard timed out after 5 ms (timeout_ms)', action: 'block' }]);
    expect(signals[0]?.aborted).toBe(true);
  });

  it('stops waiting for a guard that ignores its signal', async () => {
    const r = await engine({ guards: { stuck: { timeout_ms: 5, ignore: true } } }).scanAsync('hello', 'input');
    expect(r.errors[0]?.message).toBe('guard timed out after 5 ms (timeout_ms)');
  });

  it('follows on_error for guard errors', async () => {
    const r = await engine({ on_error: 'flag', guards: { stuck: { timeout_ms: 5 } } }).scanAsync('hello', 'input');
    expect(r.action).toBe('flag');
  });

  it("cancels the guard's signal when the caller's signal aborts", async () => {
    reset();
    const controller = new AbortController();
    const pending = engine({ guards: { stuck: {} } }).scanAsync('hello', 'input', {}, { signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    expect(signals[0]?.aborted).toBe(false);
    controller.abort();
    const r = await pending;
    expect(signals[0]?.aborted).toBe(true);
    expect(r.action).toBe('block');
    expect(r.errors[0]?.message).toBe('guard cancelled: the scan was cancelled');
  });

  it('refuses the synchronous API for a stage with guards, with a catalogued error', () => {
    const w = engine({ guards: { lookup: { stages: { output: { enabled: false } } } } });
    expect(w.needsAsync('input')).toBe(true);
    expect(w.needsAsync('output')).toBe(false);
    const err = (() => {
      try {
        w.scanInput('hi');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(WardenInputError);
    expect(err).toMatchObject({ code: 'async_required' });
    expect((err as Error).message).toBe('the policy runs async guards (lookup) at stage input; call scanInputAsync() instead of scanInput()');
    expect(w.scanOutput('BAD').action).toBe('allow');
  });

  it('warmUp runs the synchronous tier without calling a guard', () => {
    reset();
    engine({ guards: { lookup: {} } }).warmUp(['BAD']);
    expect(seen).toEqual([]);
  });

  it('validates guard entries in the policy', () => {
    expect(() => engine({ guards: { lookup: { timeout_ms: 0 } } })).toThrowError(PolicyError);
    expect(() => engine({ guards: { nope: {} } })).toThrowError(/unknown guard "nope"/);
    const loaded = () => policyFromObject({ version: 1 }, { detectors: DETECTORS, guards: [{ ...lookup, id: 'keyword' }] });
    expect(loaded).toThrowError('two detectors or guards share the id "keyword"');
  });
});
