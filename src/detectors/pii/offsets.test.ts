import { describe, expect, it } from 'vitest';
import { codePointSpanToUtf16, codePointToUtf16Offsets, utf16ToCodePointOffsets } from './offsets.js';

describe('offset conversion', () => {
  it('is the identity for BMP-only text', () => {
    expect(codePointToUtf16Offsets('héllo', [0, 2, 5])).toEqual([0, 2, 5]);
  });
  it('shifts offsets after astral characters', () => {
    const text = 'a😀b Bob';
    // Python: text[3:6] == 'Bob' (code points); in UTF-16 the emoji takes two units.
    const span = codePointSpanToUtf16(text, { start: 4, end: 7 });
    expect(text.slice(span.start, span.end)).toBe('Bob');
    expect(utf16ToCodePointOffsets(text, [span.start, span.end])).toEqual([4, 7]);
  });
  it('rejects offsets beyond the text with a clear error', () => {
    expect(() => codePointToUtf16Offsets('ab', [3])).toThrow(/outside 0..2/);
  });
});
