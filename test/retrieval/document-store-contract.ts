/** The DocumentStore contract, written once: the SQLite and PostgreSQL adapters both run it. */
import { afterEach, describe, expect, it } from 'vitest';
import { RetrievalInputError } from '../../src/core/errors.js';
import { judgeAccess } from '../../src/retrieval/access-rule.js';
import { accessRuleConfig, type AccessRuleInput } from '../../src/retrieval/config.js';
import type { AccessRuleConfig, DocumentStore, RetrievalDocument, RetrievalSubject } from '../../src/spec/retrieval.js';
import { prng } from '../../bench/lib/prng.js';

export type OpenStore = (rule: AccessRuleConfig) => Promise<DocumentStore>;

const doc = (id: string, over: Partial<RetrievalDocument> = {}): RetrievalDocument => ({
  id,
  text: `quarterly budget report ${id}`,
  tenant: 'acme',
  groups: ['finance'],
  classification: 'internal',
  ...over,
});

const alice: RetrievalSubject = { tenant: 'acme', userId: 'alice', roles: ['analyst'], groups: ['finance'], clearance: 'confidential' };
const bob: RetrievalSubject = { tenant: 'acme', userId: 'bob', roles: [], groups: ['sales'], clearance: 'internal' };
const mallory: RetrievalSubject = { tenant: 'evil', userId: 'alice', roles: ['analyst'], groups: ['finance'], clearance: 'restricted' };

const ids = (hits: readonly { document: RetrievalDocument }[]) => hits.map((h) => h.document.id).sort();

export function documentStoreContract(name: string, open: OpenStore): void {
  describe(`DocumentStore contract: ${name}`, () => {
    const opened: DocumentStore[] = [];
    const fresh = async (rule: AccessRuleInput = {}) => {
      const store = await open(accessRuleConfig(rule));
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    it('returns only the caller tenant, group, role, user and clearance allow', async () => {
      const store = await fresh();
      await store.put([
        doc('fin'),
        doc('sales', { groups: ['sales'] }),
        doc('role', { groups: [], roles: ['analyst'] }),
        doc('user', { groups: [], users: ['alice'] }),
        doc('all', { groups: ['*'], classification: 'public' }),
        doc('secret', { classification: 'restricted' }),
        doc('other-tenant', { tenant: 'evil' }),
      ]);
      expect(ids(await store.search(alice, { text: 'budget', limit: 20 }))).toEqual(['all', 'fin', 'role', 'user']);
      expect(ids(await store.search(bob, { text: 'budget', limit: 20 }))).toEqual(['all', 'sales']);
      expect(ids(await store.search(mallory, { text: 'budget', limit: 20 }))).toEqual(['other-tenant']);
      expect(await store.count('acme')).toBe(6);
    });

    it('applies the filter inside the query: forbidden documents that rank higher never starve top-k', async () => {
      const store = await fresh();
      const loud = Array.from({ length: 60 }, (_, i) => doc(`hidden-${i}`, { groups: ['board'], text: 'merger merger merger merger merger plan' }));
      await store.put([...loud, doc('ok-1', { text: 'the merger' }), doc('ok-2', { text: 'a merger memo' }), doc('ok-3', { text: 'merger notes' })]);
      const hits = await store.search(alice, { text: 'merger', limit: 3 });
      expect(ids(hits)).toEqual(['ok-1', 'ok-2', 'ok-3']);
      expect(hits[0]?.score).toBeGreaterThanOrEqual(hits[2]?.score ?? Infinity);
    });

    it('denies documents without an ACL or classification by default, and opens them tenant-wide when configured', async () => {
      const docs = [doc('no-acl', { groups: undefined }), doc('no-class', { classification: undefined })];
      const strict = await fresh();
      await strict.put(docs);
      expect(await strict.search(alice, { text: 'budget' })).toEqual([]);
      const lenient = await fresh({ missing_metadata: 'tenant' });
      await lenient.put(docs);
      expect(ids(await lenient.search(bob, { text: 'budget' }))).toEqual(['no-acl']);
      expect(ids(await lenient.search(alice, { text: 'budget' }))).toEqual(['no-acl', 'no-class']);
    });

    it('refuses bad documents with an error naming them, and stores none of the batch', async () => {
      const store = await fresh({ max_document_bytes: 1024 });
      const bad: [unknown, RegExp][] = [
        [doc('no-tenant', { tenant: undefined }), /no-tenant: no tenant/],
        [{ ...doc('acl-string'), groups: 'finance,hr' }, /acl-string: malformed: groups/],
        [{ ...doc('typo'), group: ['x'] }, /typo: malformed/],
        [doc('huge', { text: 'x'.repeat(2048) }), /huge: .*max_document_bytes/],
        [doc('binary', { text: 'PK\u0003\u0004\u0000\u0000' }), /binary: .*binary/],
        [doc('level', { classification: 'top-secret' }), /level: unknown classification/],
        [{ text: 'no id' }, /#1: malformed: id/],
      ];
      for (const [value, message] of bad) {
        const attempt = store.put([doc('fine'), value as RetrievalDocument]);
        await expect(attempt).rejects.toThrow(RetrievalInputError);
        await expect(store.put([doc('fine'), value as RetrievalDocument])).rejects.toThrow(message);
      }
      expect(await store.count()).toBe(0);
    });

    it('files documents under the ingesting tenant and refuses ones claiming another', async () => {
      const store = await fresh();
      expect(await store.put([doc('mine', { tenant: undefined })], { tenant: 'acme' })).toBe(1);
      await expect(store.put([doc('theirs', { tenant: 'evil' })], { tenant: 'acme' })).rejects.toThrow(/claims tenant "evil"/);
      expect(ids(await store.search(alice, { text: 'budget' }))).toEqual(['mine']);
      expect(await store.count('evil')).toBe(0);
    });

    it('replaces a document with the same tenant and id, deletes, and reads back metadata whole', async () => {
      const store = await fresh();
      await store.put([doc('d1', { title: 'Budget', source: 'wiki/budget.md' })]);
      await store.put([doc('d1', { groups: ['sales'], text: 'quarterly budget revised', source: 'wiki/budget.md' })]);
      expect(await store.search(alice, { text: 'budget' })).toEqual([]);
      const [hit] = await store.search(bob, { text: 'revised' });
      expect(hit?.document).toEqual({ id: 'd1', tenant: 'acme', text: 'quarterly budget revised', groups: ['sales'], classification: 'internal', source: 'wiki/budget.md' });
      expect(await store.delete('acme', 'd1')).toBe(true);
      expect(await store.delete('acme', 'd1')).toBe(false);
      expect(await store.search(bob, { text: 'budget' })).toEqual([]);
    });

    it('lists every stored document, or one tenant\'s, across pages', async () => {
      const store = await fresh();
      const many = Array.from({ length: 1_100 }, (_, i) => doc(`m${i}`, { tenant: i % 3 === 0 ? 'evil' : 'acme' }));
      await store.put(many);
      const all: RetrievalDocument[] = [];
      for await (const d of store.list()) all.push(d);
      expect(all.map((d) => `${d.tenant}/${d.id}`).sort()).toEqual(many.map((d) => `${d.tenant}/${d.id}`).sort());
      expect(all.find((d) => d.id === 'm1')).toEqual(many[1]);
      let evil = 0;
      for await (const d of store.list({ tenant: 'evil' })) if (d.tenant === 'evil') evil++;
      expect(evil).toBe(many.filter((d) => d.tenant === 'evil').length);
    });

    it('treats query syntax as words: quotes, operators and empty queries neither throw nor widen access', async () => {
      const store = await fresh();
      await store.put([doc('fin'), doc('sales', { groups: ['sales'] })]);
      for (const text of ['"budget', 'budget OR *', 'NEAR(budget sales)', "budget') OR 1=1 --", 'budget & !x | y:*', '']) {
        const hits = await store.search(bob, { text });
        expect(hits.every((h) => h.document.id === 'sales')).toBe(true);
      }
      expect(await store.search(bob, { text: '   ' })).toEqual([]);
    });

    it('agrees with the access rule on random documents and callers', async () => {
      const rule = accessRuleConfig();
      const store = await fresh();
      const rand = prng(16);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
      const some = (xs: readonly string[]) => xs.filter(() => rand() < 0.3);
      const groups = ['a', 'b', 'c', '*'];
      const docs = Array.from({ length: 120 }, (_, i) =>
        doc(`r${i}`, {
          tenant: pick(['t1', 't2']),
          groups: some(groups),
          roles: some(['admin', 'hr']),
          users: some(['u1', 'u2']),
          classification: rand() < 0.1 ? undefined : pick(rule.levels),
        }),
      );
      await store.put(docs);
      for (let i = 0; i < 40; i++) {
        const subject: RetrievalSubject = { tenant: pick(['t1', 't2']), userId: pick(['u1', 'u2', 'u3']), roles: some(['admin', 'hr']), groups: some(['a', 'b', 'c']), clearance: pick(rule.levels) };
        const expected = docs.filter((d) => judgeAccess(d, subject, rule).ok).map((d) => d.id).sort();
        expect(ids(await store.search(subject, { text: 'budget', limit: 100 }))).toEqual(expected);
      }
    });
  });
}
