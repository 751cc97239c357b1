import { describe, expect, it } from 'vitest';
import type { DetectorContext } from '../spec/types.js';
import { compileDenylist, denylist } from './denylist.js';

type Options = Parameters<typeof denylist.scan>[1]['settings']['options'];

const policy = denylist.options.parse({
  terms: [
    { id: 'competitors', terms: ['Acme', 'Globex Corporation', 'Initech'], action: 'block' },
    { id: 'codenames', terms: ['BlueFalcon'], case_sensitive: true, whole_word: false },
    { id: 'rivals', terms: ['Umbrella'], leet: true },
  ],
  topics: [{ id: 'medical-advice', keywords: ['diagnosis', 'dosage', 'prescription', 'symptoms', 'side effects'], min_hits: 2 }],
  patterns: [{ id: 'employee-id', pattern: 'EMP-\\d{4,8}', flags: 'i' }],
  allow: ['Acme Museum of Art'],
});

function ctx(options: Options = policy): DetectorContext<Options> {
  return { stage: 'input', settings: { threshold: 0.5, options }, request: {} };
}

const ids = (text: string) => denylist.scan(text, ctx()).map((f) => f.ruleId);

describe('denylist', () => {
  it('fires deny terms case-insensitively on whole words with exact spans', () => {
    const text = 'Is ACME better than Globex corporation?';
    const [f] = denylist.scan(text, ctx());
    expect(f?.ruleId).toBe('denylist/competitors');
    expect(f?.spans.map((s) => text.slice(s.start, s.end))).toEqual(['ACME', 'Globex corporation']);
    expect(f?.message).toContain('suggested action: block');
    expect(f?.message).not.toContain('ACME');
  });

  it('does not fire on substrings, other words or allow-listed phrases', () => {
    expect(ids('The acmes of power; Initechnology; visit the Acme Museum of Art today')).toEqual([]);
  });

  it('honours case_sensitive and whole_word per list', () => {
    expect(ids('Project BlueFalcons rollout')).toEqual(['denylist/codenames']);
    expect(ids('a bluefalcon sighting')).toEqual([]);
  });

  it('matches leetspeak spellings only for lists with leet: true', () => {
    expect(ids('Is Umbr3ll4 hiring?')).toEqual(['denylist/rivals']);
    expect(ids('Is 1n1t3ch hiring?')).toEqual([]);
  });

  it('fires a topic only with min_hits distinct keywords', () => {
    expect(ids('What dosage should I take? dosage again')).toEqual([]);
    expect(ids('What dosage is safe and what are the side effects?')).toEqual(['denylist/medical-advice']);
  });

  it('runs custom safe patterns', () => {
    const text = 'Contact emp-123456 about it';
    const [f] = denylist.scan(text, ctx());
    expect(f?.ruleId).toBe('denylist/employee-id');
    expect(f?.spans).toEqual([{ start: 8, end: 18 }]);
    expect(ids('EMP-12 is too short')).toEqual([]);
  });

  it('rejects unsafe or invalid patterns at policy validation with the reason', () => {
    const bad = denylist.options.safeParse({ patterns: [{ id: 'x', pattern: '(a+)+$' }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/nested quantifiers/);
    expect(denylist.options.safeParse({ patterns: [{ id: 'x', pattern: '(?<=a)b' }] }).success).toBe(false);
    expect(denylist.options.safeParse({ terms: [{ id: 'Bad Id', terms: ['x'] }] }).success).toBe(false);
  });

  it('compiles once per options object', () => {
    expect(compileDenylist(policy)).toBe(compileDenylist(policy));
  });

  it('returns nothing with an empty policy and fills defaults for partial options', () => {
    expect(denylist.scan('Acme', ctx({} as Options))).toEqual([]);
  });

  it('scans large input with many terms quickly', () => {
    const many = denylist.options.parse({ terms: [{ id: 'big', terms: Array.from({ length: 3000 }, (_, i) => `brand${i}`) }] });
    const text = 'nothing to see here, move along. '.repeat(30_000);
    const start = performance.now();
    expect(denylist.scan(`${text} brand2999`, ctx(many))).toHaveLength(1);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});
