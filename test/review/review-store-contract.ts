/** The ReviewStore contract, written once: the SQLite and the PostgreSQL store both run it. */
import { describe, expect, it } from 'vitest';
import type { ReviewFeedback, ReviewFiling, ReviewStore } from '../../src/spec/review.js';
import { MAX_FEEDBACK_PER_ITEM } from '../../src/store/review-record.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();

export function filing(requestId: string, over: Partial<ReviewFiling> = {}): ReviewFiling {
  return { id: `rev_${requestId}`, tenant: 'acme', requestId, reasons: ['monitor'], ruleIds: ['denylist/banned'], action: 'allow', at: iso(0), ...over };
}

const feedback = (n: number): ReviewFeedback => ({ rating: 'bad', label: 'missed_attack', comment: `report ${n}`, keyId: 'k1', userId: 'u1', feedbackRequestId: `fb-${n}`, at: iso(n) });

export interface ReviewStoreHandle {
  store: ReviewStore;
  /** A second handle on the same data, as another process (the CLI, a replica) would open it. */
  other(): Promise<ReviewStore>;
}

export function reviewStoreContract(name: string, open: () => Promise<ReviewStoreHandle>): void {
  describe(`ReviewStore contract: ${name}`, () => {
    it('files a request once and reads it back whole, by id and by request, from another handle too', async () => {
      const { store, other } = await open();
      const item = await store.file(filing('req-1'));
      expect(item).toMatchObject({ id: 'rev_req-1', tenant: 'acme', requestId: 'req-1', reasons: ['monitor'], ruleIds: ['denylist/banned'], status: 'open', label: null, feedback: [] });
      const second = await other();
      expect(await second.get('rev_req-1')).toEqual(item);
      expect(await second.byRequest('acme', 'req-1')).toEqual(item);
      expect(await store.byRequest('other-tenant', 'req-1')).toBeUndefined();
      expect(await store.get('rev_missing')).toBeUndefined();
    });

    it('merges later filings of the same request into its item: reasons, rules and feedback, no duplicates', async () => {
      const { store, other } = await open();
      await store.file(filing('req-2'));
      await (await other()).file(filing('req-2', { id: 'rev_ignored', reasons: ['low_confidence', 'monitor'], ruleIds: ['injection-classifier/injection'], at: iso(5) }));
      const merged = await store.file(filing('req-2', { id: 'rev_ignored2', reasons: ['feedback'], ruleIds: [], feedback: feedback(7), at: iso(7) }));
      expect(merged).toMatchObject({ id: 'rev_req-2', reasons: ['monitor', 'low_confidence', 'feedback'], ruleIds: ['denylist/banned', 'injection-classifier/injection'], createdAt: iso(0), updatedAt: iso(7) });
      expect(merged.feedback).toEqual([feedback(7)]);
      expect(await store.get('rev_req-2')).toEqual(merged);
      expect(await store.get('rev_ignored')).toBeUndefined();
    });

    it('keeps the last feedback reports only, so one request cannot grow its item without bound', async () => {
      const { store } = await open();
      for (let i = 0; i < MAX_FEEDBACK_PER_ITEM + 3; i++) await store.file(filing('req-3', { reasons: ['feedback'], feedback: feedback(i), at: iso(i) }));
      const item = await store.get('rev_req-3');
      expect(item?.feedback).toHaveLength(MAX_FEEDBACK_PER_ITEM);
      expect(item?.feedback[0]?.comment).toBe('report 3');
    });

    it('lists newest first, filtered by tenant, status and reason, paged by cursor', async () => {
      const { store } = await open();
      await store.file(filing('a', { at: iso(1) }));
      await store.file(filing('b', { at: iso(2), tenant: 'other', reasons: ['feedback'] }));
      await store.file(filing('c', { at: iso(3), reasons: ['low_confidence'] }));
      await store.decide('rev_a', { label: 'false_positive', note: null, category: 'benign', by: { name: 'rita', via: 'admin-token' }, at: new Date(T0 + 10) });
      const ids = async (f: Parameters<ReviewStore['list']>[0]) => (await store.list(f)).map((i) => i.id);
      expect(await ids({})).toEqual(['rev_c', 'rev_b', 'rev_a']);
      expect(await ids({ tenant: 'acme' })).toEqual(['rev_c', 'rev_a']);
      expect(await ids({ status: 'open' })).toEqual(['rev_c', 'rev_b']);
      expect(await ids({ reason: 'feedback' })).toEqual(['rev_b']);
      expect(await ids({ limit: 1 })).toEqual(['rev_c']);
      expect(await ids({ before: { createdAt: iso(3), id: 'rev_c' } })).toEqual(['rev_b', 'rev_a']);
    });

    it('labels an item, replaces an earlier label, and reopens it on new feedback with the label kept', async () => {
      const { store, other } = await open();
      await store.file(filing('req-4'));
      expect(await store.decide('rev_nope', { label: 'correct_block', note: null, category: null, by: { name: 'x', via: 'cli' }, at: new Date(T0) })).toBeUndefined();
      const first = await store.decide('rev_req-4', { label: 'false_positive', note: 'a recipe', category: 'benign', by: { name: 'rita', via: 'dashboard' }, at: new Date(T0 + 20) });
      expect(first).toMatchObject({ status: 'reviewed', label: 'false_positive', note: 'a recipe', category: 'benign', reviewedBy: { name: 'rita', via: 'dashboard' }, reviewedAt: iso(20) });
      const second = await (await other()).decide('rev_req-4', { label: 'missed_attack', note: 'hidden instruction in the PDF', category: 'indirect_injection', by: { name: 'sam', via: 'admin-token' }, at: new Date(T0 + 30) });
      expect(second).toMatchObject({ label: 'missed_attack', note: 'hidden instruction in the PDF', reviewedBy: { name: 'sam', via: 'admin-token' } });
      const reopened = await store.file(filing('req-4', { reasons: ['feedback'], feedback: feedback(40), at: iso(40) }));
      expect(reopened).toMatchObject({ status: 'open', label: 'missed_attack', reasons: ['monitor', 'feedback'] });
      const again = await store.file(filing('req-4', { reasons: ['monitor'], at: iso(50) }));
      expect(again.status).toBe('open');
    });
  });
}
