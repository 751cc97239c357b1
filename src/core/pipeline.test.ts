import { describe, expect, it } from 'vitest';
import { base, calls, warden } from '../../test/helpers/fake-detectors.js';

describe('pipeline decisions', () => {
  it('allows clean text with no findings', () => {
    const r = warden(base).scanInput('hello there');
    expect(r).toMatchObject({ action: 'allow', monitorAction: 'allow', findings: [], text: 'hello there', errors: [], skipped: [] });
    expect(r.decidingRule).toBeUndefined();
  });

  it('blocks and names the deciding rule; drops findings under the threshold', () => {
    const r = warden(base).scanInput('this is EVIL and MAYBE bad');
    expect(r.action).toBe('block');
    expect(r.decidingRule).toBe('keyword/evil');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['keyword/evil']);
    expect(r.findings[0]).toMatchObject({ detector: 'keyword', stage: 'input', action: 'block', mode: 'enforce', messageIndex: 0 });
    expect(r.findings[0]?.evidence).toEqual(['this is EVIL and MAYBE bad']);
  });

  it('applies per-rule overrides: threshold, action, enabled', () => {
    const w = warden({
      ...base,
      rules: { 'keyword/maybe': { threshold: 0.2, action: 'flag' }, 'keyword/evil': { enabled: false } },
    });
    const r = w.scanInput('EVIL MAYBE');
    expect(r.findings.map((f) => [f.ruleId, f.action])).toEqual([['keyword/maybe', 'flag']]);
    expect(r.action).toBe('flag');
  });

  it('per-rule overrides can differ by stage', () => {
    const w = warden({
      detectors: { entities: { action: 'flag' } },
      rules: { 'entities/card': { action: 'redact', stages: { output: { action: 'block' } } } },
    });
    expect(w.scanInput('card 4111111111111111').action).toBe('redact');
    expect(w.scanOutput('card 4111111111111111').action).toBe('block');
    expect(w.scanOutput('mail a@b.io').action).toBe('flag');
  });

  it('monitor mode records what would have happened without acting', () => {
    const w = warden({ detectors: { keyword: { action: 'block', mode: 'monitor' }, entities: { action: 'redact', mode: 'monitor' } } });
    const r = w.scanInput('EVIL from a@b.io');
    expect(r.action).toBe('allow');
    expect(r.monitorAction).toBe('block');
    expect(r.text).toBe('EVIL from a@b.io');
    expect(r.findings.map((f) => f.mode)).toEqual(['monitor', 'monitor']);
    expect(r.decidingRule).toBeUndefined();
  });

  it('per-stage overrides narrow, widen and retune a detector', () => {
    const w = warden({
      detectors: {
        keyword: { action: 'block', stages: { retrieved: { action: 'flag' }, output: { enabled: true } } },
        entities: { action: 'redact', stages: { output: { enabled: false } } },
      },
    });
    expect(w.scan('EVIL', 'retrieved').action).toBe('flag');
    expect(w.scanOutput('EVIL a@b.io').findings.map((f) => f.ruleId)).toEqual(['keyword/evil']);
    expect(w.scan('EVIL', 'input').action).toBe('block');
  });

  it('passes merged detector options to the detector', () => {
    const w = warden({ detectors: { keyword: { extra: 'banana', stages: { retrieved: { extra: 'apple' } } } } });
    expect(w.scan('banana', 'input').findings.map((f) => f.ruleId)).toEqual(['keyword/extra']);
    expect(w.scan('banana', 'retrieved').findings).toEqual([]);
    expect(w.scan('apple', 'retrieved').findings.map((f) => f.ruleId)).toEqual(['keyword/extra']);
  });
});

describe('errors, cascade and budget', () => {
  it('a throwing detector fails closed by default and never escapes scan', () => {
    const r = warden({ detectors: { boom: {} } }).scanInput('hi');
    expect(r.action).toBe('block');
    expect(r.decidingRule).toBe('error:boom');
    expect(r.errors).toEqual([{ detector: 'boom', message: 'detector failed: kaboom', action: 'block' }]);
  });

  it('on_error: allow lets the request through but still records the error', () => {
    const r = warden({ on_error: 'allow', detectors: { boom: {} } }).scanInput('hi');
    expect(r.action).toBe('allow');
    expect(r.errors).toHaveLength(1);
    expect(warden({ on_error: 'flag', detectors: { boom: {} } }).scanInput('hi').action).toBe('flag');
  });

  it('stops after the tier that produced an enforced block and lists skipped detectors', () => {
    calls.length = 0;
    const r = warden({ detectors: { keyword: { action: 'block' }, entities: {}, slow: {}, late: {} } }).scanInput('EVIL');
    expect(calls).toEqual(['keyword']);
    expect(r.skipped).toEqual(['entities', 'slow', 'late']);
  });

  it('a monitor-mode block does not stop the cascade', () => {
    calls.length = 0;
    const r = warden({ detectors: { keyword: { action: 'block', mode: 'monitor' }, late: {} } }).scanInput('EVIL');
    expect(calls).toEqual(['keyword', 'late']);
    expect(r.skipped).toEqual([]);
  });

  it('an exhausted budget after a block skips the rest without errors', () => {
    const r = warden({ budget_ms: 5, detectors: { keyword: { action: 'block' }, slow: { ms: 15 }, late: {} } }).scanInput('EVIL');
    expect(r).toMatchObject({ action: 'block', decidingRule: 'keyword/evil', errors: [], skipped: ['slow', 'late'] });
  });

  it('budget exhaustion fails closed: unscanned detectors become errors', () => {
    const r = warden({ budget_ms: 5, detectors: { slow: { ms: 15 }, late: {} } }).scanInput('hi');
    expect(r.action).toBe('block');
    expect(r.decidingRule).toBe('error:late');
    expect(r.skipped).toEqual(['late']);
    expect(r.errors[0]?.message).toBe('latency budget of 5 ms exhausted before this detector ran');
  });

  it('records one budget error per detector across messages', () => {
    const w = warden({ on_error: 'flag', budget_ms: 5, detectors: { slow: { ms: 15 }, late: {} } });
    const r = w.scanInput([
      { role: 'user', content: 'a' },
      { role: 'user', content: 'b' },
    ]);
    expect(r.action).toBe('flag');
    expect(r.errors.map((e) => e.detector)).toEqual(['late', 'slow']);
    expect(() => w.scanInput('x', { budgetMs: -1 })).toThrowError('ctx.budgetMs must be a positive number of milliseconds, got -1');
  });

  it('ctx.budgetMs overrides the policy budget', () => {
    const w = warden({ budget_ms: 5, detectors: { slow: { ms: 15 }, late: {} } });
    expect(w.scanInput('hi', { budgetMs: 10_000 }).action).toBe('allow');
  });
});

describe('variants', () => {
  it('reports findings on decoded variants at the source span with via', () => {
    const payload = Buffer.from('be EVIL now').toString('base64');
    const text = `see b64:${payload} ok`;
    const r = warden({ detectors: { decoder: {}, keyword: { action: 'block' } } }).scanInput(text);
    expect(r.action).toBe('block');
    expect(r.findings[0]).toMatchObject({ ruleId: 'keyword/evil', via: 'base64', spans: [{ start: 4, end: 8 + payload.length }] });
    expect(r.findings[0]?.evidence).toEqual(['be EVIL now']);
  });
});
