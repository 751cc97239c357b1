import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL, base, calls, warden } from '../../test/helpers/fake-detectors.js';
import { createEngine } from './engine.js';
import { WardenInputError } from './errors.js';
import { loadPolicy } from './policy-load.js';

describe('redaction', () => {
  const text = 'mail bob@corp.com or bob@corp.com, card 4111111111111111, and eve@x.org';

  it('placeholder mode is reversible through the vault', () => {
    const r = warden({ ...base, redaction: 'placeholder' }).scanInput(text);
    expect(r.action).toBe('redact');
    expect(r.text).toBe('mail [EMAIL_ADDRESS_1] or [EMAIL_ADDRESS_1], card [CREDIT_CARD_1], and [EMAIL_ADDRESS_2]');
    expect(r.vault.size).toBe(3);
    expect(r.vault.restore(`Reply to [EMAIL_ADDRESS_2] about [CREDIT_CARD_1]`)).toBe('Reply to eve@x.org about 4111111111111111');
    expect(r.findings.find((f) => f.ruleId === 'entities/email')?.evidence).toEqual(['mail [EMAIL_ADDRESS] or [EMAIL_ADDRESS]...']);
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

  it('scans a message at the stage it names (documents: retrieved) and rejects an unknown one', () => {
    const w = warden({ detectors: { keyword: { action: 'block', stages: { retrieved: { action: 'flag' } } } } });
    const r = w.scanInput([
      { role: 'user', content: 'doc says EVIL', stage: 'retrieved' },
      { role: 'user', content: 'summarise' },
    ]);
    expect(r.findings[0]).toMatchObject({ stage: 'retrieved', action: 'flag', messageIndex: 0 });
    expect(() => w.scanInput([{ role: 'user', content: 'x', stage: 'output' as 'input' }])).toThrowError(expect.objectContaining({ code: 'invalid_stage' }));
  });

  it('tool_definition and tool_call take the settings of input and output unless the policy names them', () => {
    const inherited = warden({ detectors: { keyword: { action: 'block', stages: { input: { action: 'flag' } } }, entities: { stages: { output: { action: 'block' } } } } });
    expect(inherited.scanInput([{ role: 'tool', content: 'EVIL', stage: 'tool_definition' }]).findings[0]).toMatchObject({ stage: 'tool_definition', action: 'flag' });
    expect(inherited.scan('mail a@b.io', 'tool_call').action).toBe('block');
    const own = warden({
      detectors: { keyword: { action: 'block', stages: { input: { action: 'flag' }, tool_definition: { action: 'block' } } }, entities: { stages: { output: { action: 'block' }, tool_call: { action: 'redact' } } } },
    });
    expect(own.scanInput([{ role: 'tool', content: 'EVIL', stage: 'tool_definition' }, { role: 'user', content: 'EVIL' }]).findings.map((f) => [f.stage, f.action])).toEqual([
      ['tool_definition', 'block'],
      ['input', 'flag'],
    ]);
    expect(own.scan('mail a@b.io', 'tool_call').action).toBe('redact');
    expect(own.scan('mail a@b.io', 'output').action).toBe('block');
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

  it('merges preset chain -> file -> tenant -> use case, the later layer winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-merge-'));
    writeFileSync(join(dir, 'base.yaml'), 'detectors:\n  keyword: { action: flag, extra: base }\n  entities: { action: redact }\nredaction: hash\n');
    const file = join(dir, 'app.yaml');
    writeFileSync(file, [
      'extends: base',
      'detectors: { keyword: { extra: file } }',
      'tenants: { t: { redaction: mask, detectors: { keyword: { extra: tenant } } } }',
      'use_cases: { u: { detectors: { keyword: { action: block } } } }',
    ].join('\n'));
    const m = createEngine(loadPolicy(file, { detectors: ALL, presetsDir: dir }), ALL);
    const extraOf = (ctx: { tenant?: string; useCase?: string }) => m.forStage('input', ctx).steps[0]?.settings.options['extra'];
    expect(extraOf({})).toBe('file');
    expect(extraOf({ tenant: 't' })).toBe('tenant');
    expect(m.scanInput('tenant a@b.io', { tenant: 't', useCase: 'u' })).toMatchObject({ action: 'block', decidingRule: 'keyword/extra' });
    expect(m.scanInput('a@b.io', { tenant: 't', useCase: 'u' }).text).toBe('******');
    expect(m.scanInput('a@b.io', { useCase: 'u' }).text).toMatch(/^\[EMAIL_ADDRESS:[0-9a-f]{12}\]$/);
  });

  it('unknown tenants get the base policy and share its compiled plan', () => {
    expect(w.scanInput('EVIL', { tenant: 'nobody' }).action).toBe('flag');
    expect(w.forStage('input', { tenant: 'nobody' })).toBe(w.forStage('input'));
    expect(w.forStage('input', { tenant: 'acme' })).toBe(w.forStage('input', { tenant: 'acme' }));
  });
});
