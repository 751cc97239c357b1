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
    const [e] = evidenceFor(text, [{ start: 101, end: 113 }], 'API_KEY');
    expect(e).toBe(`...${'x'.repeat(14)} [API_KEY] ${'y'.repeat(14)}...`);
    const [raw] = evidenceFor(text, [{ start: 0, end: 100 }], undefined);
    expect(raw?.length).toBeLessThanOrEqual(60);
  });
});
