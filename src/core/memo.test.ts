import { describe, expect, it } from 'vitest';
import { createScanMemo } from './memo.js';

describe('scan memo', () => {
  it('computes once per key and text, and keeps keys and texts apart', () => {
    const memo = createScanMemo();
    let calls = 0;
    const make = (v: string) => () => {
      calls++;
      return v;
    };
    expect(memo.get('a', 'hello', make('A1'))).toBe('A1');
    expect(memo.get('a', 'hel' + 'lo', make('A2'))).toBe('A1');
    expect(memo.get('b', 'hello', make('B1'))).toBe('B1');
    expect(memo.get('a', 'other', make('A3'))).toBe('A3');
    expect(calls).toBe(3);
  });

  it('a fresh memo per scan shares nothing with the previous one', () => {
    expect(createScanMemo().get('a', 'x', () => 1)).toBe(1);
    expect(createScanMemo().get('a', 'x', () => 2)).toBe(2);
  });
});
