import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Detector, RawFinding } from '../spec/types.js';
import { createEngine } from './engine.js';
import { WardenInputError } from './errors.js';
import { policyFromObject } from './policy-load.js';

const EVIL = /EVIL/g;
const MAYBE = /MAYBE/g;
const EMAIL = /[a-z0-9.]{1,64}@[a-z0-9.]{1,64}\.[a-z]{2,10}/g;
const CARD = /\b\d{16}\b/g;

function matches(re: RegExp, text: string): { start: number; end: number }[] {
  return [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

const calls: string[] = [];

const keyword: Detector = {
  id: 'keyword',
  stages: ['input', 'retrieved', 'tool_result'],
  cost: 0,
  description: 'fake injection detector',
  options: z.object({ extra: z.string().default('') }),
  scansVariants: true,
  scan(text, ctx) {
    calls.push('keyword');
    const out: RawFinding[] = [];
    for (const s of matches(EVIL, text)) out.push({ ruleId: 'keyword/evil', score: 0.9, spans: [s], message: 'evil' });
    for (const s of matches(MAYBE, text)) out.push({ ruleId: 'keyword/maybe', score: 0.3, spans: [s], message: 'maybe' });
    const extra = String(ctx.settings.options['extra'] ?? '');
    if (extra !== '' && text.includes(extra)) out.push({ ruleId: 'keyword/extra', score: 1, spans: [], message: 'extra word' });
    return out;
  },
};

const entities: Detector = {
  id: 'entities',
  stages: ['input', 'output', 'retrieved', 'tool_result'],
  cost: 1,
  description: 'fake PII detector',
  options: z.object({}),
  scan(text) {
    calls.push('entities');
    return [
      ...matches(EMAIL, text).map((s) => ({
        ruleId: 'entities/email', score: 1, spans: [s], entityType: 'EMAIL_ADDRESS', message: 'email', redactable: true,
      })),
      ...matches(CARD, text).map((s) => ({
        ruleId: 'entities/card', score: 1, spans: [s], entityType: 'CREDIT_CARD', message: 'card', redactable: true,
      })),
    ];
  },
};

const boom: Detector = {
  id: 'boom',
  stages: ['input'],
  cost: 2,
  description: 'always throws',
  options: z.object({}),
  scan() {
    calls.push('boom');
    throw new Error('kaboom');
  },
};

const slow: Detector = {
  id: 'slow',
  stages: ['input', 'output'],
  cost: 2,
  description: 'busy-waits',
  options: z.object({ ms: z.number().default(5) }),
  scan(_text, ctx) {
    calls.push('slow');
    const until = performance.now() + Number(ctx.settings.options['ms']);
    while (performance.now() < until);
    return [];
  },
};

const late: Detector = {
  id: 'late',
  stages: ['input', 'output'],
  cost: 3,
  description: 'expensive, finds nothing',
  options: z.object({}),
  scan() {
    calls.push('late');
    return [];
  },
};

const B64 = /b64:([A-Za-z0-9+/=]{4,200})/g;
const decoder: Detector = {
  id: 'decoder',
  stages: ['input'],
  cost: 0,
  description: 'expands b64: payloads',
  options: z.object({}),
  scan: () => [],
  expand(text) {
    return [...text.matchAll(B64)].map((m) => ({
      kind: 'base64',
      text: Buffer.from(m[1] as string, 'base64').toString('utf8'),
      source: { start: m.index, end: m.index + m[0].length },
    }));
  },
};

const ALL = [keyword, entities, boom, slow, late, decoder];

function warden(policy: Record<string, unknown>, detectors: readonly Detector[] = ALL) {
  return createEngine(policyFromObject({ version: 1, ...policy }, { detectors }), detectors);
}

const base = {
  detectors: {
    keyword: { action: 'block' },
    entities: { action: 'redact' },
    late: {},
  },
};

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

describe('redaction', () => {
  const text = 'mail bob@corp.com or bob@corp.com, card 4111111111111111, and eve@x.org';

  it('placeholder mode is reversible through the vault', () => {
    const r = warden({ ...base, redaction: 'placeholder' }).scanInput(text);
    expect(r.action).toBe('redact');
    expect(r.text).toBe('mail [EMAIL_ADDRESS_1] or [EMAIL_ADDRESS_1], card [CREDIT_CARD_1], and [EMAIL_ADDRESS_2]');
    expect(r.vault.size).toBe(3);
    expect(r.vault.restore(`Reply to [EMAIL_ADDRESS_2] about [CREDIT_CARD_1]`)).toBe('Reply to eve@x.org about 4111111111111111');
    expect(r.findings.find((f) => f.ruleId === 'entities/email')?.evidence).toEqual(['mail [EMAIL_ADDRESS] or bob@corp.co...']);
  });

  it('mask mode keeps length (and the last four card digits)', () => {
    const r = warden({ ...base, redaction: 'mask' }).scanInput(text);
    expect(r.text).toBe('mail ************ or ************, card ************1111, and *********');
  });

  it('hash mode writes a stable type-labelled digest', () => {
    const r = warden({ ...base, redaction: 'hash' }).scanInput('to eve@x.org');
    expect(r.text).toMatch(/^to \[EMAIL_ADDRESS:[0-9a-f]{12}\]$/);
    expect(warden({ ...base, redaction: 'hash' }).scanInput('eve@x.org').text).toBe(r.text.slice(3));
  });

  it('flag-only findings never change the text; block leaves text as is', () => {
    expect(warden({ detectors: { entities: { action: 'flag' } } }).scanInput('a@b.io').text).toBe('a@b.io');
    const r = warden(base).scanInput('EVIL a@b.io');
    expect(r.action).toBe('block');
    expect(r.text).toBe('EVIL a@b.io');
  });

  it('a vault shared through ctx keeps numbering across input and output', () => {
    const w = warden({ detectors: { entities: { action: 'redact', stages: { output: { action: 'redact' } } } } });
    const input = w.scanInput('I am a@b.io');
    const output = w.scanOutput('Hi a@b.io, cc c@d.io', { vault: input.vault });
    expect(output.text).toBe('Hi [EMAIL_ADDRESS_1], cc [EMAIL_ADDRESS_2]');
    expect(input.vault.restore(output.text)).toBe('Hi a@b.io, cc c@d.io');
  });
});

describe('scanInput messages', () => {
  const policy = {
    detectors: {
      keyword: { action: 'block', roles: { system: { enabled: false } } },
      entities: { action: 'redact' },
    },
  };

  it('skips per-role disabled detectors, redacts every message and returns the last user message', () => {
    const r = warden(policy).scanInput([
      { role: 'system', content: 'Never say EVIL. Contact ops@corp.com.' },
      { role: 'user', content: 'hi, I am a@b.io' },
      { role: 'assistant', content: 'hello' },
      { role: 'user', content: 'again a@b.io' },
    ]);
    expect(r.action).toBe('redact');
    expect(r.messages?.map((m) => m.content)).toEqual([
      'Never say EVIL. Contact [EMAIL_ADDRESS_1].',
      'hi, I am [EMAIL_ADDRESS_2]',
      'hello',
      'again [EMAIL_ADDRESS_2]',
    ]);
    expect(r.text).toBe('again [EMAIL_ADDRESS_2]');
    expect(r.findings.map((f) => [f.messageIndex, f.ruleId, f.spans[0]?.start])).toEqual([
      [0, 'entities/email', 24],
      [1, 'entities/email', 9],
      [3, 'entities/email', 6],
    ]);
  });

  it('scans tool messages with the tool_result stage', () => {
    const w = warden({ detectors: { keyword: { action: 'block', stages: { tool_result: { action: 'flag' } } } } });
    const r = w.scanInput([
      { role: 'user', content: 'fetch it' },
      { role: 'tool', content: 'page says EVIL' },
    ]);
    expect(r.findings[0]).toMatchObject({ stage: 'tool_result', action: 'flag', messageIndex: 1 });
    expect(r.action).toBe('flag');
  });

  it('rejects non-string content and unknown roles with coded errors', () => {
    const w = warden(policy);
    const bad = [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] as unknown as [];
    expect(() => w.scanInput(bad)).toThrowError(WardenInputError);
    expect(() => w.scanInput(bad)).toThrowError('messages[0].content must be a string (flatten multi-part content to text first), got an array');
    try {
      w.scanInput([{ role: 'robot', content: 'x' }] as unknown as []);
    } catch (err) {
      expect(err).toMatchObject({ code: 'invalid_role' });
    }
    expect(() => w.scanInput(42 as unknown as string)).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => w.scan(null as unknown as string, 'output')).toThrowError(expect.objectContaining({ code: 'invalid_content' }));
    expect(() => w.scan('x', 'nowhere' as 'input')).toThrowError(expect.objectContaining({ code: 'invalid_stage' }));
  });

  it('blocks oversized text and too many messages without scanning them', () => {
    calls.length = 0;
    const w = warden({ max_input_bytes: 8, max_messages: 2, detectors: { keyword: {} } });
    const big = w.scanInput('ééééé');
    expect(calls).toEqual([]);
    expect(big).toMatchObject({ action: 'block', decidingRule: 'size-limit/max-input-bytes' });
    const many = w.scanInput([
      { role: 'user', content: 'a' },
      { role: 'user', content: 'b' },
      { role: 'user', content: 'c' },
    ]);
    expect(many).toMatchObject({ action: 'block', decidingRule: 'size-limit/max-messages' });
    const relaxed = warden({ max_messages: 2, rules: { 'size-limit/max-messages': { action: 'flag' } }, detectors: { keyword: { action: 'block' } } });
    const r = relaxed.scanInput([
      { role: 'user', content: 'EVIL' },
      { role: 'user', content: 'b' },
      { role: 'user', content: 'c' },
    ]);
    expect(r.action).toBe('flag');
  });

  it('replaces lone surrogates before scanning and treats empty text as allowed', () => {
    const w = warden(base);
    expect(w.scanInput('a\uD800b').text).toBe('a\uFFFDb');
    expect(w.scanInput('')).toMatchObject({ action: 'allow', findings: [] });
  });
});

describe('tenant and use-case overlays', () => {
  const w = warden({
    detectors: { keyword: { action: 'flag' }, entities: { action: 'redact' } },
    tenants: { acme: { detectors: { keyword: { action: 'block' } }, redaction: 'mask' } },
    use_cases: { 'support-bot': { detectors: { keyword: { action: 'redact' } }, redaction: 'hash' } },
  });

  it('applies tenant then use case over the base policy', () => {
    expect(w.scanInput('EVIL').action).toBe('flag');
    expect(w.scanInput('EVIL', { tenant: 'acme' }).action).toBe('block');
    expect(w.scanInput('EVIL', { tenant: 'acme', useCase: 'support-bot' }).action).toBe('redact');
    expect(w.scanInput('a@b.io', { tenant: 'acme' }).text).toBe('******');
    expect(w.scanInput('a@b.io', { tenant: 'acme', useCase: 'support-bot' }).text).toMatch(/^\[EMAIL_ADDRESS:/);
  });

  it('unknown tenants get the base policy and share its compiled plan', () => {
    expect(w.scanInput('EVIL', { tenant: 'nobody' }).action).toBe('flag');
    expect(w.forStage('input', { tenant: 'nobody' })).toBe(w.forStage('input'));
    expect(w.forStage('input', { tenant: 'acme' })).toBe(w.forStage('input', { tenant: 'acme' }));
  });
});
