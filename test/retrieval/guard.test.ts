import { describe, expect, it } from 'vitest';
import { accessRuleConfig } from '../../src/retrieval/config.js';
import { guardDocuments } from '../../src/retrieval/guard.js';
import { subjectFromIdentity } from '../../src/retrieval/subject.js';
import type { RetrievalSubject } from '../../src/spec/retrieval.js';

const rule = accessRuleConfig({ max_document_bytes: 4096 });
const alice: RetrievalSubject = { tenant: 'acme', userId: 'alice', roles: ['analyst'], groups: ['finance'], clearance: 'confidential' };
const base = { tenant: 'acme', groups: ['finance'], classification: 'internal' };

describe('retrieval guard over results from any store', () => {
  it('keeps permitted documents in order and reports every withheld one with its reason', () => {
    const { permitted, withheld } = guardDocuments(
      [
        { id: 'b', text: 'two', ...base },
        { id: 'other', text: 'x', ...base, tenant: 'evil' },
        { id: 'a', text: 'one', ...base, groups: [], users: ['alice'] },
        { id: 'hr', text: 'x', ...base, groups: ['hr'], source: 's3://hr/pay.csv' },
        { id: 'top', text: 'x', ...base, classification: 'restricted' },
      ],
      alice,
      rule,
    );
    expect(permitted.map((d) => d.id)).toEqual(['b', 'a']);
    expect(withheld).toEqual([
      { id: 'other', code: 'tenant-mismatch', reason: 'belongs to another tenant' },
      { id: 'hr', source: 's3://hr/pay.csv', code: 'not-in-acl', reason: 'caller is in none of its groups, roles or users' },
      { id: 'top', code: 'classification', reason: "classified restricted above the caller's clearance confidential" },
    ]);
  });

  it('denies bad input instead of crashing or leaking: no metadata, malformed ACLs, huge, binary, not objects', () => {
    const values: unknown[] = [
      { id: 'bare', text: 'no metadata at all' },
      { id: 'no-class', text: 'x', tenant: 'acme', groups: ['finance'] },
      { id: 'no-acl', text: 'x', tenant: 'acme', classification: 'public' },
      { id: 'acl-string', text: 'x', ...base, groups: 'finance' },
      { id: 'acl-number', text: 'x', ...base, users: [42] },
      { id: 'huge', text: 'é'.repeat(3000), ...base },
      { id: 'bin', text: '\u0000ELF', ...base },
      { id: 'level', text: 'x', ...base, classification: 'cosmic' },
      'just a string',
      null,
      { id: 7, text: 'x' },
    ];
    const { permitted, withheld } = guardDocuments(values, alice, rule);
    expect(permitted).toEqual([]);
    expect(withheld.map((w) => [w.id, w.code])).toEqual([
      ['bare', 'missing-metadata'],
      ['no-class', 'missing-metadata'],
      ['no-acl', 'missing-metadata'],
      ['acl-string', 'malformed-metadata'],
      ['acl-number', 'malformed-metadata'],
      ['huge', 'too-large'],
      ['bin', 'binary-content'],
      ['level', 'malformed-metadata'],
      ['#8', 'malformed-metadata'],
      ['#9', 'malformed-metadata'],
      ['#10', 'malformed-metadata'],
    ]);
    expect(withheld.every((w) => !w.reason.includes('no metadata at all'))).toBe(true);
  });

  it("stamps the caller's tenant on documents the caller hands over without one, never over another tenant", () => {
    const values = [
      { id: 'mine', text: 'x', groups: ['finance'], classification: 'public' },
      { id: 'theirs', text: 'x', tenant: 'evil', groups: ['finance'], classification: 'public' },
    ];
    const { permitted, withheld } = guardDocuments(values, alice, rule, { stampCallerTenant: true });
    expect(permitted).toEqual([{ ...values[0], tenant: 'acme' }]);
    expect(withheld.map((w) => w.code)).toEqual(['tenant-mismatch']);
    expect(guardDocuments(values.slice(0, 1), alice, rule).withheld[0]?.reason).toBe('no tenant');
  });

  it('opens unlabelled documents tenant-wide only when missing_metadata is tenant', () => {
    const lenient = accessRuleConfig({ missing_metadata: 'tenant' });
    const docs = [{ id: 'u', text: 'x', tenant: 'acme' }, { id: 'x', text: 'x' }];
    const r = guardDocuments(docs, { tenant: 'acme', roles: [], groups: [] }, lenient);
    expect(r.permitted.map((d) => d.id)).toEqual(['u']);
    expect(r.withheld).toEqual([{ id: 'x', code: 'missing-metadata', reason: 'no tenant' }]);
  });
});

describe('subject from the gateway identity', () => {
  it('takes groups and clearance from JWT claims, or from group:/clearance: roles of a virtual key', () => {
    expect(subjectFromIdentity({ tenant: 't', roles: ['admin'], groups: ['eng'], clearance: 'restricted', userId: 'u' })).toEqual({
      tenant: 't',
      userId: 'u',
      roles: ['admin'],
      groups: ['eng'],
      clearance: 'restricted',
    });
    expect(subjectFromIdentity({ tenant: 't', roles: ['support', 'group:finance', 'group:*', 'clearance:confidential'] })).toEqual({
      tenant: 't',
      roles: ['support'],
      groups: ['finance'],
      clearance: 'confidential',
    });
    expect(subjectFromIdentity({ tenant: 't', roles: ['clearance:public', 'clearance:restricted'] }).clearance).toBeUndefined();
  });

  it('gives an unknown or absent clearance the lowest level', () => {
    const doc = { id: 'd', text: 'x', tenant: 't', groups: ['*'], classification: 'internal' };
    for (const clearance of [undefined, 'god-mode']) {
      const subject = subjectFromIdentity({ tenant: 't', roles: [], ...(clearance === undefined ? {} : { clearance }) });
      expect(guardDocuments([doc], subject, accessRuleConfig()).withheld[0]?.code).toBe('classification');
    }
  });
});
