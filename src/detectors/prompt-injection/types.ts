/** Shared vocabulary of the prompt-injection rule families and their per-language lexicons. */

export const FAMILIES = [
  'instruction-override',
  'persona',
  'system-prompt-extraction',
  'fake-delimiter',
  'refusal-suppression',
  'many-shot',
  'hijack-grammar',
  'hidden-instruction',
  'exfil-instruction',
  'tool-poisoning',
  'adversarial-suffix',
  'garbled-reply',
  'task-trigger',
] as const;
export type Family = (typeof FAMILIES)[number];

/**
 * Families matched through phrase lexicons. many-shot is structural (counts chat turns); hijack-grammar and
 * hidden-instruction (whose rules are hidden-instruction and hidden-cue) compose tokens (hijack/); exfil-instruction
 * pairs a URL slot with the words around it and tool-poisoning composes secrecy with an errand (documents only);
 * adversarial-suffix counts the disorder of an optimised token string after a line of prose; garbled-reply pairs a way of
 * garbling with the model's reply, task-trigger the model's task on this document with a claim (one sentence, documents only).
 */
export type LexiconFamily = Exclude<Family, 'many-shot' | 'hijack-grammar' | 'hidden-instruction' | 'exfil-instruction' | 'tool-poisoning' | 'adversarial-suffix' | 'garbled-reply' | 'task-trigger'>;

/** pl has a hijack-grammar lexicon only. */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'ru', 'zh', 'ja', 'ko', 'ar', 'hi', 'tr', 'vi', 'pl'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Regex sources over lowercased text. Two macros keep them readable:
 * a literal space stands for a word separator, `%N` for up to N arbitrary filler words (each with its separator).
 * `strong` phrases are decisive on their own; `weak` ones are ambiguous and only add evidence.
 */
export interface PhraseSet {
  strong?: readonly string[];
  weak?: readonly string[];
}

export type Lexicon = Partial<Record<LexiconFamily, PhraseSet>>;
