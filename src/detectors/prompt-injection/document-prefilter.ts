/**
 * One literal pass for the document-only sentence rules (garbled-reply, task-trigger): a rule's alternations run only
 * when its literals are present. Separate from the lexicon families' pass so the `input` stage pays nothing for it.
 */
import { buildPrefilter } from '../shared/prefilter.js';
import { GARBLE_TERMS } from './garbled-reply.js';
import { TRIGGER_TERMS } from './task-trigger.js';

export const DOCUMENT_PREFILTER = buildPrefilter(
  new Map([
    ['garbled-reply', GARBLE_TERMS.map((term) => [term])],
    ['task-trigger', TRIGGER_TERMS.map((term) => [term])],
  ]),
  { setsPerPhrase: 1, minRarity: 3, foldCase: false },
);
