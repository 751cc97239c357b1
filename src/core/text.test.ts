import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { createVault, PLACEHOLDER_PATTERN } from './vault.js';
import { evidenceFor, redactText, WHITESPACE_RUN } from './redact.js';
import { exceedsBytes, LONE_SURROGATE, wellFormed } from './text.js';

describe('text hygiene', () => {
  it('replaces only lone surrogates, keeping length and valid pairs', () => {
    expect(wellFormed('ok \uD83D\uDE00')).toBe('ok \uD83D\uDE00');
    expect(wellFormed('a\uDE00b\uD83D')).toBe('a\uFFFDb\uFFFD');
    expect(wellFormed('\uDE00\uD83D')).toBe('\uFFFD\uFFFD');
  });

  it('measures UTF-8 bytes, not UTF-16 units', () => {
    expect(exceedsBytes('abcd', 4)).toBe(false);
    expect(exceedsBytes('ééé', 5)).toBe(true);
    expect(exceedsBytes('ééé', 6)).toBe(false);
  });

  it('core regexes that run on untrusted text are linear (recheck)', () => {
    for (const re of [PLACEHOLDER_PATTERN, LONE_SURROGATE, WHITESPACE_RUN]) {
      expect(checkSync(re.source, re.flags, { timeout: 10_000 }).status, re.source).toBe('safe');
    }
  });
});

describe('redaction helpers', () => {
  it('merges overlapping spans and labels them with the longest', () => {
    const v = createVault();
    const text = 'id 1234-5678-9999 end';
    const out = redactText(text, [
      { start: 3, end: 12, type: 'PHONE_NUMBER' },
      { start: 3, end: 17, type: 'CREDIT_CARD' },
      { start: 8, end: 17, type: 'X' },
    ], 'placeholder', v);
    expect(out).toBe('id [CREDIT_CARD_1] end');
    expect(v.restore(out)).toBe(text);
  });

  it('restore leaves unknown placeholders and plain brackets alone', () => {
    const v = createVault();
    v.put('email_address', 'a@b.io');
    expect(v.restore('[EMAIL_ADDRESS_1] [EMAIL_ADDRESS_2] [x]')).toBe('a@b.io [EMAIL_ADDRESS_2] [x]');
    expect(v.put('EMAIL_ADDRESS', 'a@b.io')).toBe('[EMAIL_ADDRESS_1]');
  });

  it('evidence is short, single-line and hides redactable values', () => {
    const text = `${'x'.repeat(100)} secret\nvalue ${'y'.repeat(100)}`;
    const [e] = evidenceFor(text, [{ start: 101, end: 113 }], [{ start: 101, end: 113, type: 'API_KEY' }]);
    expect(e).toBe(`...${'x'.repeat(14)} [API_KEY] ${'y'.repeat(14)}...`);
    const [raw] = evidenceFor(text, [{ start: 0, end: 100 }], []);
    expect(raw?.length).toBeLessThanOrEqual(60);
  });

  it('evidence masks every redactable span in the excerpt window, not only its own', () => {
    const text = 'ssn 123-45-6789 key AKIAIOSFODNN7EXAMPLE end';
    const masks = [
      { start: 4, end: 15, type: 'US_SSN' },
      { start: 20, end: 40, type: 'AWS_ACCESS_KEY' },
    ];
    // The key's window starts inside the SSN: the partial SSN is masked too, never shown in part.
    expect(evidenceFor(text, [{ start: 20, end: 40 }], masks)).toEqual(['...[US_SSN] key [AWS_ACCESS_KEY] end']);
    expect(evidenceFor(text, [{ start: 0, end: 3 }], masks)).toEqual(['ssn [US_SSN] ke...']);
    // Overlapping masks print one label; a long unmasked span is truncated and still masks its neighbours.
    const overlap = [{ start: 4, end: 12, type: 'US_SSN' }, { start: 8, end: 15, type: 'PHONE_NUMBER' }];
    expect(evidenceFor(text, [{ start: 16, end: 19 }], overlap)).toEqual(['...sn [US_SSN] key AKIAIOSFODNN7E...']);
    const long = `${'a'.repeat(40)} 123-45-6789`;
    const [e] = evidenceFor(long, [{ start: 0, end: 52 }], [{ start: 41, end: 52, type: 'US_SSN' }]);
    expect(e).toBe(`${'a'.repeat(27)}...`);
    expect(evidenceFor(long, [{ start: 30, end: 40 }], [{ start: 41, end: 52, type: 'US_SSN' }])).toEqual([
      `...${'a'.repeat(25)} [US_SSN]`,
    ]);
  });
});
