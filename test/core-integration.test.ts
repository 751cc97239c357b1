/** Core policy/pipeline behaviour over the real detectors (deny list actions, variants, evidence masking). */
import { describe, expect, it } from 'vitest';
import { createWarden } from '../src/warden.js';

describe('core integration with the built-in detectors', () => {
  const w = createWarden({
    version: 1,
    extends: 'default',
    detectors: {
      pii: { stages: { input: { action: 'redact' } } },
      denylist: {
        terms: [
          { id: 'competitors', terms: ['acme'], action: 'redact' },
          { id: 'banned', terms: ['zorg'], action: 'flag' },
        ],
      },
    },
    rules: { 'denylist/banned': { action: 'block', mode: 'monitor' } },
  });

  it('denylist terms[].action sets the rule action; explicit rules entries win', () => {
    const r = w.scanInput('we compared acme with zorg');
    expect(r.findings.map((f) => [f.ruleId, f.action, f.mode])).toEqual([
      ['denylist/competitors', 'redact', 'enforce'],
      ['denylist/banned', 'block', 'monitor'],
    ]);
    expect(r).toMatchObject({ action: 'redact', monitorAction: 'block', text: 'we compared [COMPETITORS_1] with zorg' });
    // Without a list action the detector-level action (block in the default preset) applies.
    const plain = createWarden({ version: 1, extends: 'default', detectors: { denylist: { terms: [{ id: 'x', terms: ['zorg'] }] } } });
    expect(plain.scanInput('zorg').action).toBe('block');
  });

  it('evidence of an AWS key finding masks the SSN next to it', () => {
    const r = w.scanInput('ssn 536-22-8726 key AKIAIOSFODNN7EXAMPLE ok');
    const key = r.findings.find((f) => f.ruleId === 'secrets/aws-access-key');
    expect(key?.evidence).toEqual(['...[US_SSN] key [AWS_ACCESS_KEY] ok']);
    expect(r.findings.find((f) => f.ruleId === 'pii/us-ssn')?.evidence).toEqual(['ssn [US_SSN] key [AWS_ACCESS_KEY]...']);
    expect(r.text).toBe('ssn [US_SSN_1] key [AWS_ACCESS_KEY_1] ok');
    for (const f of r.findings) for (const e of f.evidence) expect(e).not.toMatch(/\d{2}-\d{4}|AKIA/);
  });

  it('an email beside a stray zero-width space is redacted in place, not the whole text', () => {
    const r = w.scanInput('write to jane@example.com\u200b please');
    expect(r.action).toBe('redact');
    expect(r.text).toBe('write to [EMAIL_ADDRESS_1]\u200b please');
    expect(r.findings.filter((f) => f.via !== undefined)).toEqual([]);
  });

  it('an email split by a zero-width space is found on the normalized text and blocks instead of rewriting everything', () => {
    const text = 'mail jane\u200b@example.com now';
    const r = w.scanInput(text);
    expect(r.action).toBe('block');
    expect(r.text).toBe(text);
    expect(r.findings[0]).toMatchObject({ ruleId: 'pii/email', via: 'normalized', redactable: false, action: 'block' });
    expect(r.findings[0]?.evidence).toEqual(['mail [EMAIL_ADDRESS] now']);
  });
});
