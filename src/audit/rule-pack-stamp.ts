/**
 * Stamps every audit entry written through a store with the rule pack the detectors run with, so each record says
 * which rules, lexicons and weights judged it. The front doors write through the wrapped store and never set it.
 */
import { withFields } from '../core/objects.js';
import type { AuditRulePack, AuditStore } from '../spec/gateway.js';

/** The store with its append replaced: every other call goes to `store` unchanged. */
export function withAppend(store: AuditStore, append: AuditStore['append']): AuditStore {
  return {
    append,
    get: (id) => store.get(id),
    query: (q) => store.query(q),
    iterate: () => store.iterate(),
    verify: (expect) => store.verify(expect),
    head: () => store.head(),
    prune: (before) => store.prune(before),
    close: () => store.close(),
  };
}

export function stampRulePack(store: AuditStore, rulePack: AuditRulePack): AuditStore {
  return withAppend(store, (entry) => store.append(withFields(entry, { rulePack })));
}
