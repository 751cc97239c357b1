/**
 * The two halves the document rules are developed on (scripts/eval-rules-documents.ts): rule changes may be read
 * from the `tune` half only; the `held` half gives the figures to quote. Split by a hash of the payload (the inserted
 * attack text, so one payload template never straddles the halves; spikee ids name it after the document:
 * `<doc>_<jailbreak>_<goal>`), a benign row by its group.
 */
import { fnv1a, type Example } from './data.js';

/** The document attack sources the rules are developed on, by the halves below. */
export const DOCUMENT_ATTACK_SOURCES: Readonly<Record<string, string>> = {
  'warden/synthetic-indirect-documents': 'synthetic-indirect-documents',
  'warden/synthetic-indirect-multilingual': 'synthetic-indirect-multilingual',
  'ReversecLabs/spikee': 'spikee documents',
  'microsoft/BIPIA': 'BIPIA',
};

function splitKey(e: Example): string {
  if (e.label !== 'attack') return e.group;
  if (e.inserted !== undefined) return e.text.slice(e.inserted[0], e.inserted[1]).trim().toLowerCase();
  return e.id.split('_').slice(2).join('_');
}

/** Odd hash of the split key: the held half. */
export const isRulesHeldHalf = (e: Example): boolean => (fnv1a(splitKey(e)) & 1) === 1;

/** A document attack of those sources in the held half: the rules were not read on it. */
export const isRulesUnread = (e: Example): boolean =>
  e.label === 'attack' && e.category === 'indirect_injection' && DOCUMENT_ATTACK_SOURCES[e.source.split(':')[0] ?? ''] !== undefined && isRulesHeldHalf(e);
