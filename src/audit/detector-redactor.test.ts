import { describe, expect, it } from 'vitest';
import { createDetectorRedactor } from './detector-redactor.js';

describe('detector redactor memo', () => {
  it('redacts a repeated text every time, as the first time', () => {
    const redact = createDetectorRedactor();
    const text = 'You are the support bot of Acme. Escalate to jane.doe@example.com, key AKIAIOSFODNN7EXAMPLE.';
    const first = redact(text, 'input');
    expect(first).not.toContain('jane.doe@example.com');
    expect(first).not.toContain('AKIAIOSFODNN7EXAMPLE');
    for (let i = 0; i < 3; i++) expect(redact(text, 'input')).toBe(first);
    expect(createDetectorRedactor()(text, 'input')).toBe(first);
  });

  it('never answers one text with another text redacted: lone surrogates and stages stay apart', () => {
    const redact = createDetectorRedactor();
    // UTF-8 would encode both lone surrogates as U+FFFD, so a key over UTF-8 would confuse the two texts.
    const a = 'mail bob@example.org \uD800';
    const b = 'mail bob@example.org \uDBFF';
    expect(redact(a, 'input')).toBe('mail [EMAIL_ADDRESS] \uD800');
    expect(redact(b, 'input')).toBe('mail [EMAIL_ADDRESS] \uDBFF');
    expect(redact('plain words', 'output')).toBe('plain words');
    expect(redact('plain words', 'input')).toBe('plain words');
  });

  it('redacts texts too long to remember, and the empty text', () => {
    const redact = createDetectorRedactor();
    const long = `${'lorem ipsum '.repeat(2000)}call jane.doe@example.com`;
    expect(redact(long, 'output')).toContain('[EMAIL_ADDRESS]');
    expect(redact(long, 'output')).not.toContain('jane.doe@example.com');
    expect(redact('', 'input')).toBe('');
  });
});
