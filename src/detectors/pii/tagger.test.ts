import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pii } from '../pii.js';
import { tagEntities } from './tagger.js';

const typed = (text: string): Array<[string, string]> => tagEntities(text).map((s) => [s.entityType, text.slice(s.start, s.end)]);

describe('pii tagger', () => {
  /** True when some span of `type` covers `value`. */
  const has = (text: string, type: string, value: string): boolean =>
    typed(text).some(([t, v]) => t === type && v.includes(value));

  it('finds people, addresses, organisations, places and dates', () => {
    const home = 'My name is Sarah Johnson and I live at 742 Evergreen Terrace, Springfield.';
    expect(has(home, 'PERSON', 'Sarah Johnson')).toBe(true);
    expect(has(home, 'ADDRESS', '742 Evergreen Terrace')).toBe(true);
    const mail = 'Please send the contract to Michael Chen at Acme Corporation.';
    expect(has(mail, 'PERSON', 'Michael Chen')).toBe(true);
    expect(has(mail, 'ORGANIZATION', 'Acme Corporation')).toBe(true);
    const visit = 'Contact Dr. Anna Kowalska, 12 Rue de Rivoli, Paris, on 2024-05-01.';
    expect(has(visit, 'PERSON', 'Anna Kowalska')).toBe(true);
    expect(has('He was born on 5/19/1937 in Ohio.', 'DATE_TIME', '5/19/1937')).toBe(true);
    expect(has('I live at 221B Baker Street, London.', 'LOCATION', 'London')).toBe(true);
  });

  it('stays quiet on technical prose and bare numbers', () => {
    expect(typed('The function returns 10 items when the cache is warm.')).toEqual([]);
    expect(typed('Refactor the parser to handle nested arrays and add unit tests.')).toEqual([]);
    expect(typed('')).toEqual([]);
  });

  it('is deterministic and keeps spans inside the text', () => {
    const text = 'Contact Dr. Anna Kowalska, 12 Rue de Rivoli, Paris, on 2024-05-01.';
    const a = tagEntities(text);
    expect(tagEntities(text)).toEqual(a);
    for (const s of a) {
      expect(s.start).toBeGreaterThanOrEqual(0);
      expect(s.end).toBeLessThanOrEqual(text.length);
      expect(s.score).toBeGreaterThan(0);
      expect(s.score).toBeLessThanOrEqual(1);
    }
  });

  it('is on by default and can be narrowed per entity type through the pii options', () => {
    const ctx = (entities?: string[]) => ({ stage: 'input' as const, settings: { threshold: 0.5, options: pii.options.parse({ entities }) }, request: {} });
    const text = 'Sarah Johnson wrote to jane@example.com';
    expect(pii.scan(text, ctx(['EMAIL_ADDRESS'])).map((f) => f.entityType)).toEqual(['EMAIL_ADDRESS']);
    const all = pii.scan(text, ctx());
    expect(all.map((f) => [f.ruleId, f.entityType])).toEqual([['pii/person', 'PERSON'], ['pii/email', 'EMAIL_ADDRESS']]);
    expect(Math.max(...all.filter((f) => f.entityType === 'PERSON').map((f) => f.score))).toBeLessThanOrEqual(0.85);
  });

  it('runs in linear time and the committed weights stay under 2 MB', () => {
    const t0 = performance.now();
    tagEntities('John Smith lives at 12 Main Street, Springfield. '.repeat(4000));
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(statSync(resolve(import.meta.dirname, 'tagger-weights.ts')).size).toBeLessThan(2 * 1024 * 1024);
  });
});
