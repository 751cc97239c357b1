import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ALL, base, calls, decoder, warden } from '../../test/helpers/fake-detectors.js';
import type { Detector } from '../spec/types.js';

const TILDE = /~/g;
const MAIL = /[a-z0-9.]{1,64}@[a-z0-9.]{1,64}\.[a-z]{2,10}/g;

/** Re-renders the whole text without `~` (like obfuscation's normalized variant: offsets shift). */
const normalizer: Detector = {
  id: 'normalizer',
  stages: ['input'],
  cost: 0,
  description: 'whole-text normalized variant',
  options: z.object({}),
  scan: () => [],
  expand: (text) => (text.includes('~') ? [{ kind: 'normalized', text: text.replace(TILDE, ''), source: { start: 0, end: text.length } }] : []),
};

/** A redactable email finder that rescans variants. */
const mail: Detector = {
  id: 'mail',
  stages: ['input'],
  cost: 1,
  description: 'fake PII detector scanning variants',
  options: z.object({}),
  scansVariants: true,
  scan: (text) =>
    [...text.matchAll(MAIL)].map((m) => ({
      ruleId: 'mail/email',
      score: 1,
      spans: [{ start: m.index, end: m.index + m[0].length }],
      entityType: 'EMAIL_ADDRESS',
      message: 'email',
      redactable: true,
    })),
};

/** Same id and list shape as the real denylist (terms/topics/patterns entries with id, action, mode). */
const lists: Detector = {
  id: 'denylist',
  stages: ['input'],
  cost: 0,
  description: 'fake deny lists',
  options: z.object({
    terms: z.array(z.object({ id: z.string(), terms: z.array(z.string()), action: z.enum(['allow', 'flag', 'redact', 'block']).optional(), mode: z.enum(['enforce', 'monitor']).optional() })).default([]),
  }),
  scan(text, ctx) {
    const terms = (ctx.settings.options['terms'] ?? []) as Array<{ id: string; terms: string[] }>;
    return terms.flatMap((l) =>
      l.terms
        .filter((t) => text.includes(t))
        .map((t) => ({ ruleId: `denylist/${l.id}`, score: 1, spans: [{ start: text.indexOf(t), end: text.indexOf(t) + t.length }], message: 'term', redactable: true })),
    );
  },
};
const WITH_VARIANTS = [...ALL, normalizer, mail, lists];

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
    // One each; their order depends on which detector the clock stops first, which load can change.
    expect(r.errors.map((e) => e.detector).sort()).toEqual(['late', 'slow']);
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

describe('variants and redaction', () => {
  const policy = { redaction: 'placeholder', detectors: { normalizer: {}, decoder: {}, mail: { action: 'redact' } } };

  it('a value found in the original text is redacted in place, its re-rendered copy is dropped', () => {
    const r = warden(policy, WITH_VARIANTS).scanInput('write to jane@x.org ~ today');
    expect(r.findings.map((f) => [f.ruleId, f.spans, f.via])).toEqual([['mail/email', [{ start: 9, end: 19 }], undefined]]);
    expect(r).toMatchObject({ action: 'redact', text: 'write to [EMAIL_ADDRESS_1] ~ today' });
  });

  it('a value only visible in a re-rendered variant is non-redactable and escalates redact to block', () => {
    const text = 'write to jane@x~.org today';
    const r = warden(policy, WITH_VARIANTS).scanInput(text);
    expect(r.action).toBe('block');
    expect(r.text).toBe(text);
    expect(r.findings[0]).toMatchObject({ ruleId: 'mail/email', via: 'normalized', redactable: false, action: 'block', spans: [{ start: 0, end: text.length }] });
    expect(r.findings[0]?.message).toBe('email (only found in the normalized text, so it cannot be redacted in place)');
    expect(r.findings[0]?.evidence).toEqual(['write to [EMAIL_ADDRESS] today']);
    // A flag action stays a flag: only redaction is impossible.
    const flagged = warden({ ...policy, detectors: { ...policy.detectors, mail: { action: 'flag' } } }, WITH_VARIANTS).scanInput(text);
    expect(flagged.findings[0]).toMatchObject({ action: 'flag', redactable: false });
  });

  it('a value decoded from a payload keeps the encoded segment span and redacts just that segment', () => {
    const payload = Buffer.from('jane@x.org').toString('base64');
    const r = warden(policy, [decoder, mail, normalizer]).scanInput(`hi b64:${payload} bye`);
    expect(r.findings[0]).toMatchObject({ via: 'base64', redactable: true, action: 'redact' });
    expect(r.text).toBe('hi [EMAIL_ADDRESS_1] bye');
    expect(r.vault.restore(r.text)).toBe(`hi b64:${payload} bye`);
  });
});

describe('deny list actions', () => {
  it('each list\'s action and mode become its rule override; explicit rules win key by key', () => {
    const terms = [
      { id: 'competitors', terms: ['acme'], action: 'redact' },
      { id: 'banned', terms: ['zorg'], action: 'block', mode: 'monitor' },
      { id: 'plain', terms: ['meh'] },
    ];
    const w = warden({ detectors: { denylist: { action: 'flag', terms } } }, WITH_VARIANTS);
    const r = w.scanInput('acme zorg meh');
    expect(r.findings.map((f) => [f.ruleId, f.action, f.mode])).toEqual([
      ['denylist/competitors', 'redact', 'enforce'],
      ['denylist/banned', 'block', 'monitor'],
      ['denylist/plain', 'flag', 'enforce'],
    ]);
    expect(r).toMatchObject({ action: 'redact', monitorAction: 'block', text: '[COMPETITORS_1] zorg meh' });
    const overridden = warden(
      { detectors: { denylist: { action: 'flag', terms } }, rules: { 'denylist/competitors': { action: 'block' }, 'denylist/banned': { enabled: false } } },
      WITH_VARIANTS,
    ).scanInput('acme zorg');
    expect(overridden.findings.map((f) => [f.ruleId, f.action, f.mode])).toEqual([['denylist/competitors', 'block', 'enforce']]);
  });
});
