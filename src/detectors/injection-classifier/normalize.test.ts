import { describe, expect, it } from 'vitest';
import { normalize } from './normalize.js';

const text = (s: string): string => {
  const n = normalize(s);
  return String.fromCharCode(...n.codes.subarray(0, n.length));
};

describe('injection-classifier normalization', () => {
  it('lowercases Turkish dotted capital I to i, like every other capital', () => {
    expect(text('SİSTEM İSTEMİ')).toBe(text('sistem istemi'));
  });

  it('drops Arabic tatweel and optional vowel marks, so a word reads the same with or without them', () => {
    expect(text('بدلاً من ذلك')).toBe(text('بدلا من ذلك'));
    expect(text('موجّه النظام')).toBe(text('موجه النظام'));
    expect(text('كـتـاب')).toBe(text('كتاب'));
    // Offsets still point at the original units that were kept.
    const n = normalize('أجبْ');
    expect(Array.from(n.offsets.subarray(0, n.length))).toEqual([0, 1, 2]);
  });
});
